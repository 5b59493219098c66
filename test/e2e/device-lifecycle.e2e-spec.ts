import { afterEach, describe, expect, it } from 'vitest';
import {
  enrolmentBody,
  heartbeatBody,
  newDeviceId,
  newNamespace,
  registrationBody,
} from '../factories/device.factory';
import { DeviceJourney } from '../support/device-journey';
import { waitFor } from '../support/wait-for';

describe('device lifecycle through the Edge Configuration API', () => {
  const journey = new DeviceJourney();
  const { edge, management } = journey;
  const rules: string[] = [];

  afterEach(async () => {
    await Promise.all(
      rules.splice(0).map((name) => management.request('DELETE', `/auto-approval-rules/${name}`)),
    );
  });

  it('takes a device from enrolment to decommissioning the way the Edge API drives it', async () => {
    const deviceId = newDeviceId();
    const ns = newNamespace();

    // Enrolment: 201 while pending; the registration GET (always `default` first) refuses; so does PUT.
    expect((await edge.enrol(ns, deviceId, enrolmentBody(ns))).status).toBe(201);
    await journey.waitForState(ns, deviceId, 'pending');
    expect((await edge.enrol(ns, deviceId, enrolmentBody(ns))).status).toBe(201);
    const refused = await edge.registrationStatus('default', deviceId);
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ status: 'unknown' });
    expect((await edge.register('default', deviceId, registrationBody())).status).toBe(403);

    // Approval by an operator, into another namespace with a label.
    const approved = await management.approve(deviceId, { namespace: `${ns}-prod`, labels: { site: 'lab' } });
    expect(approved.status).toBe(202);
    const status = await waitFor(async () => {
      const r = await edge.registrationStatus('default', deviceId);
      return r.status === 200 ? r : undefined;
    });
    expect(status.body).toEqual({ status: 'registered', namespace: `${ns}-prod` });
    expect(status.contentType).toMatch(/^application\/json/);
    expect((await edge.enrol(ns, deviceId, enrolmentBody(ns))).status).toBe(200);

    // Registration, then the device works in its real namespace.
    const registered = await edge.register(`${ns}-prod`, deviceId, registrationBody('Edge-Host-7'));
    expect(registered.status).toBe(200);
    const device = await journey.waitForState(`${ns}-prod`, deviceId, 'registered');
    expect(device.labels).toMatchObject({
      site: 'lab',
      'device.hostname': 'edge-host-7',
      'device.cpu-architecture': 'aarch64',
      'device.system-manufacturer': 'raspberrypifoundation',
    });
    expect(device).toMatchObject({ decidedBy: 'token:admin', requestedNamespace: ns });

    const configuration = await edge.configuration(`${ns}-prod`, deviceId);
    expect(configuration.status).toBe(200);
    expect(configuration.body).toMatchObject({
      'device-configuration': {
        device_id: deviceId,
        configuration: { heartbeat: { period_seconds: 60, hardware_profile: {} } },
        workloads: [],
      },
    });
    expect(
      typeof (configuration.body as { 'device-configuration': { version: unknown } })['device-configuration']
        .version,
    ).toBe('string');

    expect((await edge.heartbeat(`${ns}-prod`, deviceId, heartbeatBody('1'))).status).toBe(200);
    await waitFor(async () => (await management.device(`${ns}-prod`, deviceId)).body.lastSeenAt, {
      what: 'the heartbeat recorded',
    });
    const playbooks = await edge.playbookExecutions(`${ns}-prod`, deviceId);
    expect(playbooks.status).toBe(200);
    expect(playbooks.body).toEqual([]);

    // Decommissioning: the device is told `unregistered`, and its data calls stop working.
    expect((await management.request('DELETE', `/namespaces/${ns}-prod/devices/${deviceId}`)).status).toBe(
      202,
    );
    const unregistered = await waitFor(async () => {
      const r = await edge.registrationStatus(`${ns}-prod`, deviceId);
      return r.status === 200 && (r.body as { status: string }).status === 'unregistered' ? r : undefined;
    });
    expect(unregistered.body).toEqual({ status: 'unregistered', namespace: `${ns}-prod` });
    expect((await edge.heartbeat(`${ns}-prod`, deviceId, heartbeatBody('1'))).status).toBe(404);
    expect((await edge.configuration(`${ns}-prod`, deviceId)).status).toBe(404);
  });

  it('keeps a rejected device out: enrolment stays 201 and registration stays refused', async () => {
    const deviceId = newDeviceId();
    const ns = newNamespace();
    await journey.enrolPending(ns, deviceId);

    expect((await management.reject(deviceId, { reason: 'unknown hardware' })).status).toBe(202);
    const rejected = await journey.waitForState(ns, deviceId, 'rejected');
    expect(rejected).toMatchObject({ decisionReason: 'unknown hardware', decidedBy: 'token:admin' });

    expect((await edge.enrol(ns, deviceId, enrolmentBody(ns))).status).toBe(201);
    expect((await edge.registrationStatus('default', deviceId)).status).toBe(404);
    expect((await edge.register(ns, deviceId, registrationBody())).status).toBe(403);
    expect((await management.reject(deviceId)).status).toBe(200);
  });

  it('approves matching enrolments by rule, into the rule namespace with its labels, and records the rule', async () => {
    const ns = newNamespace();
    const name = `rule-${ns}`;
    rules.push(name);
    const put = await management.request('PUT', `/auto-approval-rules/${name}`, {
      deviceIdPattern: 'auto-*',
      namespacePattern: ns,
      targetNamespace: `${ns}-fleet`,
      labels: { fleet: 'auto' },
    });
    expect(put.status).toBe(201);

    const matching = newDeviceId('auto');
    const other = newDeviceId('manual');
    expect((await edge.enrol(ns, matching, enrolmentBody(ns))).status).toBe(201);
    expect((await edge.enrol(ns, other, enrolmentBody(ns))).status).toBe(201);

    const device = await journey.waitForState(`${ns}-fleet`, matching, 'approved');
    expect(device).toMatchObject({
      namespace: `${ns}-fleet`,
      labels: { fleet: 'auto' },
      decidedBy: `rule:${name}`,
    });
    expect((await edge.enrol(ns, matching, enrolmentBody(ns))).status).toBe(200);
    expect(await journey.waitForState(ns, other, 'pending')).toMatchObject({ decidedBy: null });
  });

  it('finds a device by ID when the first registration asks with the initial namespace', async () => {
    const deviceId = newDeviceId();
    const ns = newNamespace();
    const namespace = await journey.approved(ns, deviceId);
    expect(namespace).toBe(ns);
    // Any other namespace in the path is not the device's: 404 unknown, never `unregistered`.
    const elsewhere = await edge.registrationStatus(`${ns}-other`, deviceId);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body).toMatchObject({ status: 'unknown' });
  });
});
