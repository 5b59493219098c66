import { TOPICS } from '@lib/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heartbeatBody, newDeviceId, newNamespace } from '../factories/device.factory';
import { DeviceJourney } from '../support/device-journey';
import { KafkaProbe, type SeenMessage } from '../support/kafka-probe';
import { waitFor } from '../support/wait-for';

interface Device {
  state: string;
  namespace: string;
  requestedNamespace: string;
  labels: Record<string, string>;
  hardware: Record<string, unknown> | null;
  reportedConfigVersion: string | null;
}

interface ConfigurationMessage {
  version: string;
  workloads: { name: string }[] | null;
  configuration: { heartbeat: { hardware_profile: { scope?: string } } };
}

/** Hardware as the device-worker's Go model writes it: every array it has no value for is `null`. */
function fullHardware(hostname: string, cpu: { architecture: string; model_name: string }) {
  return {
    hostname,
    cpu: { ...cpu, count: 4, flags: null, frequency: 1500 },
    system_vendor: { manufacturer: 'Raspberry Pi Foundation', product_name: 'Raspberry Pi 4 Model B' },
    memory: { physical_bytes: 4_000_000_000, usable_bytes: 3_800_000_000 },
    disks: [{ name: 'mmcblk0', size_bytes: 32_000_000_000, drive_type: 'SSD' }],
    interfaces: [
      { name: 'eth0', mac_address: 'dc:a6:32:00:00:01', ipv4_addresses: ['10.0.0.5/24'], flags: null },
    ],
    gpus: null,
    host_devices: null,
    mounts: null,
  };
}

/** A `scope: delta` report: only what changed, the other arrays `null` as the Go model writes them. */
function deltaHardware(changed: Record<string, unknown>) {
  return { disks: null, gpus: null, host_devices: null, interfaces: null, mounts: null, ...changed };
}

describe('what devices report', () => {
  const journey = new DeviceJourney();
  const { edge, management } = journey;
  const probe = new KafkaProbe();

  beforeAll(async () => {
    await probe.watch([TOPICS.hardwareLabelsReported, TOPICS.deviceLifecycle]);
  });

  afterAll(async () => {
    await probe.close();
  });

  const device = async (ns: string, id: string): Promise<Device> => {
    const res = await management.device<Device>(ns, id);
    expect(res.status).toBe(200);
    return res.body;
  };

  const waitForDevice = (ns: string, id: string, ok: (d: Device) => boolean, what: string) =>
    waitFor(
      async () => {
        const d = await device(ns, id);
        return ok(d) ? d : undefined;
      },
      { what },
    );

  const configuration = async (ns: string, id: string): Promise<ConfigurationMessage> => {
    const res = await edge.configuration(ns, id);
    expect(res.status).toBe(200);
    return (res.body as { 'device-configuration': ConfigurationMessage })['device-configuration'];
  };

  const labelReports = (id: string) => (m: SeenMessage) =>
    m.topic === TOPICS.hardwareLabelsReported && m.key === id;
  const labelChanges = (id: string) => (m: SeenMessage) =>
    m.topic === TOPICS.deviceLifecycle && m.key === id && m.headers['event-type'] === 'labels-changed';

  it('re-derives device.* labels from heartbeat hardware, and a workload selecting on them follows the device', async () => {
    const ns = newNamespace();
    const id = newDeviceId('relabel');
    await journey.registered(ns, id);
    expect((await device(ns, id)).labels).toMatchObject({
      'device.hostname': 'edge-host-1',
      'device.cpu-architecture': 'aarch64',
    });
    const put = await management.request('PUT', `/namespaces/${ns}/workloads/follower`, {
      deviceSelector: { matchLabels: { 'device.hostname': 'edge-host-2' } },
      type: 'pod',
      pod: { spec: { containers: [{ name: 'app', image: 'quay.io/acme/app:1.0' }] } },
    });
    expect(put.status).toBe(201);
    expect((await configuration(ns, id)).workloads ?? []).toEqual([]);

    const hardware = fullHardware('Edge-Host-2', {
      architecture: 'x86_64',
      model_name: 'Intel(R) Xeon(R) E-2288G',
    });
    expect((await edge.heartbeat(ns, id, heartbeatBody('1', { hardware }))).status).toBe(200);

    const relabelled = await waitForDevice(
      ns,
      id,
      (d) => d.labels['device.hostname'] === 'edge-host-2',
      'labels from the heartbeat',
    );
    expect(relabelled.labels).toMatchObject({
      'device.hostname': 'edge-host-2',
      'device.cpu-architecture': 'x86_64',
      'device.cpu-model': 'intelrxeonre-2288g',
      'device.system-manufacturer': 'raspberrypifoundation',
    });
    // Through the registry: one report, one labels-changed on the public topic.
    await probe.waitForMessages(labelChanges(id), 1, 'labels-changed published');
    await waitFor(
      async () =>
        ((await configuration(ns, id)).workloads ?? []).some((w) => w.name === 'follower') || undefined,
      { what: 'the workload selecting device.hostname rendered for the device' },
    );

    // The same hardware again (another heartbeat, recorded): no report, so no registry write.
    const reportsBefore = probe.messages(labelReports(id)).length;
    const changesBefore = probe.messages(labelChanges(id)).length;
    expect((await edge.heartbeat(ns, id, heartbeatBody('2', { hardware }))).status).toBe(200);
    await waitForDevice(ns, id, (d) => d.reportedConfigVersion === '2', 'the unchanged report recorded');
    // A later change on the same key, so ordered after it: when its report is seen, any earlier one would be.
    const moved = fullHardware('edge-host-3', {
      architecture: 'x86_64',
      model_name: 'Intel(R) Xeon(R) E-2288G',
    });
    expect((await edge.heartbeat(ns, id, heartbeatBody('3', { hardware: moved }))).status).toBe(200);
    await probe.waitForMessages(labelReports(id), reportsBefore + 1, 'the next change reported');
    await probe.waitForMessages(labelChanges(id), changesBefore + 1, 'the next change published');
    expect(probe.messages(labelReports(id))).toHaveLength(reportsBefore + 1);
    expect(probe.messages(labelChanges(id))).toHaveLength(changesBefore + 1);
    await waitFor(async () => ((await configuration(ns, id)).workloads ?? []).length === 0 || undefined, {
      what: 'the workload no longer selects the device',
    });
  });

  it('merges delta reports key by key into the profile known from registration and earlier heartbeats', async () => {
    const ns = newNamespace();
    const id = newDeviceId('delta');
    await journey.registered(ns, id);
    const spec = await management.request('PUT', `/namespaces/${ns}/devices/${id}/spec`, {
      heartbeat: { periodSeconds: 60, hardwareProfile: { include: true, scope: 'delta' } },
    });
    expect(spec.status).toBe(201);
    await waitFor(
      async () =>
        (await configuration(ns, id)).configuration.heartbeat.hardware_profile.scope === 'delta' || undefined,
      { what: 'scope: delta rendered' },
    );

    // A delta first: the registration's profile is the base, nothing it had disappears.
    const first = deltaHardware({ hostname: 'delta-0' });
    expect((await edge.heartbeat(ns, id, heartbeatBody('0', { hardware: first }))).status).toBe(200);
    const based = await waitForDevice(
      ns,
      id,
      (d) => d.reportedConfigVersion === '0',
      'the first delta recorded',
    );
    expect(based.hardware).toMatchObject({
      hostname: 'delta-0',
      cpu: { architecture: 'aarch64', model_name: 'Cortex-A72', count: 4 },
      system_vendor: { manufacturer: 'Raspberry Pi Foundation', serial_number: '10000000abc' },
    });

    // Full, then delta, then delta.
    const full = fullHardware('delta-1', { architecture: 'aarch64', model_name: 'Cortex-A53' });
    expect((await edge.heartbeat(ns, id, heartbeatBody('1', { hardware: full }))).status).toBe(200);
    await waitForDevice(ns, id, (d) => d.reportedConfigVersion === '1', 'the full report recorded');
    const delta1 = deltaHardware({ hostname: 'delta-2' });
    expect((await edge.heartbeat(ns, id, heartbeatBody('2', { hardware: delta1 }))).status).toBe(200);
    await waitForDevice(ns, id, (d) => d.reportedConfigVersion === '2', 'the first delta recorded');
    const eth1 = [{ name: 'eth1', mac_address: 'dc:a6:32:00:00:02', ipv4_addresses: null, flags: null }];
    const delta2 = deltaHardware({ hostname: 'delta-3', interfaces: eth1 });
    expect((await edge.heartbeat(ns, id, heartbeatBody('3', { hardware: delta2 }))).status).toBe(200);

    const merged = await waitForDevice(
      ns,
      id,
      (d) => d.reportedConfigVersion === '3' && d.labels['device.hostname'] === 'delta-3',
      'the second delta merged and its hostname label',
    );
    // The full report replaced every key it carried (arrays whole); the deltas only theirs.
    expect(merged.hardware).toEqual({ ...full, hostname: 'delta-3', interfaces: eth1 });
    expect(merged.labels).toMatchObject({ 'device.cpu-model': 'cortex-a53' });
  });

  it('records a playbook execution state from heartbeats and stops serving it once finished', async () => {
    const ns = newNamespace();
    const id = newDeviceId('playbook');
    await journey.registered(ns, id);
    const put = await management.request('PUT', `/namespaces/${ns}/playbook-executions/patch-os`, {
      device: id,
      playbook: { content: '- hosts: all\n  tasks: []\n' },
    });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ status: null });
    const served = await edge.playbookExecutions(ns, id);
    expect((served.body as { name: string }[]).map((p) => p.name)).toEqual(['patch-os']);

    const report = (version: string, status: string) =>
      heartbeatBody(version, {
        'playbook-executions': [{ name: 'patch-os', status, last_data_upload: '0001-01-01T00:00:00.000Z' }],
      });
    expect((await edge.heartbeat(ns, id, report('1', 'Deploying'))).status).toBe(200);
    const deploying = await waitFor(
      async () => {
        const r = await management.request<{ status: { state: string } | null }>(
          'GET',
          `/namespaces/${ns}/playbook-executions/patch-os`,
        );
        return r.body.status?.state === 'Deploying' ? r.body : undefined;
      },
      { what: 'Deploying recorded' },
    );
    expect(deploying).toMatchObject({ device: id, status: { conditions: [{ type: 'Deploying' }] } });
    // Still pending: served.
    expect(((await edge.playbookExecutions(ns, id)).body as unknown[]).length).toBe(1);

    expect((await edge.heartbeat(ns, id, report('2', 'SuccessfullyCompleted'))).status).toBe(200);
    const done = await waitFor(
      async () => {
        const r = await management.request<{
          items: {
            name: string;
            device: string;
            status: { state: string; lastTransitionTime: string } | null;
          }[];
        }>('GET', `/namespaces/${ns}/playbook-executions`);
        const item = r.body.items.find((i) => i.name === 'patch-os');
        return item?.status?.state === 'SuccessfullyCompleted' ? item : undefined;
      },
      { what: 'SuccessfullyCompleted in the list' },
    );
    expect(done.device).toBe(id);
    expect(Date.parse(done.status!.lastTransitionTime)).toBeGreaterThan(0);
    const one = await management.request<{ status: { conditions: { type: string }[] } }>(
      'GET',
      `/namespaces/${ns}/playbook-executions/patch-os`,
    );
    expect(one.body.status.conditions.map((c) => c.type)).toEqual(['Deploying', 'SuccessfullyCompleted']);
    const after = await edge.playbookExecutions(ns, id);
    expect(after.status).toBe(200);
    expect(after.body).toEqual([]);
  });

  it('answers a pending and a rejected device by its URL, in the namespace it asked for', async () => {
    const ns = newNamespace();
    const pending = newDeviceId('pending');
    const rejected = newDeviceId('rejected');
    await journey.enrolPending(ns, pending);
    await journey.enrolPending(ns, rejected);
    expect((await management.reject(rejected, { reason: 'unknown hardware' })).status).toBe(202);
    await journey.waitForState(ns, rejected, 'rejected');

    expect(await device(ns, pending)).toMatchObject({
      state: 'pending',
      namespace: ns,
      requestedNamespace: ns,
    });
    expect(await device(ns, rejected)).toMatchObject({
      state: 'rejected',
      namespace: ns,
      decisionReason: 'unknown hardware',
    });
    expect((await management.request('GET', `/namespaces/${newNamespace()}/devices/${pending}`)).status).toBe(
      404,
    );
  });

  it('pages the auto-approval rules and the recording policies like every list', async () => {
    const prefix = newNamespace('page');
    const rules = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
    for (const name of rules) {
      const put = await management.request('PUT', `/auto-approval-rules/${name}`, {
        deviceIdPattern: `${name}-*`,
        priority: 7,
        enabled: false,
      });
      expect(put.status).toBe(201);
    }
    const namespaces = [`${prefix}-x`, `${prefix}-y`, `${prefix}-z`];
    for (const ns of namespaces) {
      expect(
        (await management.request('PUT', `/namespaces/${ns}/recording-policy`, { policy: 'status-only' }))
          .status,
      ).toBe(200);
    }

    const walk = async <T>(path: string, key: (item: T) => string): Promise<string[]> => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: T[]; nextCursor: string | null } } =
          await management.request(
            'GET',
            `${path}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          );
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map(key));
        cursor = page.body.nextCursor;
      } while (cursor);
      return seen;
    };
    const ruleNames = await walk<{ name: string }>('/auto-approval-rules', (r) => r.name);
    expect(ruleNames.filter((n) => n.startsWith(prefix))).toEqual(rules);
    expect(new Set(ruleNames).size).toBe(ruleNames.length);
    const policyNamespaces = await walk<{ namespace: string }>('/recording-policies', (p) => p.namespace);
    expect(policyNamespaces.filter((n) => n.startsWith(prefix))).toEqual(namespaces);
    expect(new Set(policyNamespaces).size).toBe(policyNamespaces.length);

    for (const name of rules) {
      expect((await management.request('DELETE', `/auto-approval-rules/${name}`)).status).toBe(204);
    }
  });
});
