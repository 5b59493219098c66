import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { heartbeatBody, newDeviceId, newNamespace } from '../factories/device.factory';
import { bearer } from '../support/auth';
import { DeviceJourney } from '../support/device-journey';
import type { ApiResponse } from '../support/management-client';
import { waitFor } from '../support/wait-for';

type Result = {
  kind: string;
  namespace: string;
  name: string;
  outcome: string;
  state?: string;
  message?: string;
};

interface Device {
  state: string;
  namespace: string;
  revision?: number;
  labels: Record<string, string>;
  hardware: Record<string, unknown> | null;
  lastSeenAt: string | null;
  decidedBy: string | null;
}

/**
 * What `kubectl get edgedevices,edgedevicesignedrequests -A -o yaml` prints for a fleet on the CRD backend: a
 * registered device (its EdgeDevice, and the request it was approved from), a request still pending and one
 * approved into a set but not registered yet.
 */
const kubectlList = (
  fleet: string,
  ids: { registered: string; pending: string; approved: string },
): string => `
apiVersion: v1
items:
- apiVersion: management.project-flotta.io/v1alpha1
  kind: EdgeDevice
  metadata:
    creationTimestamp: "2026-03-02T09:15:27Z"
    finalizers:
    - yggdrasil-connection-finalizer
    - yggdrasil-workload-finalizer
    generation: 3
    labels:
      device.cpu-architecture: aarch64
      device.cpu-model: cortex-a72
      device.hostname: cam-01
      device.system-manufacturer: raspberrypifoundation
      device.system-product: raspberrypi4modelb
      device.system-serial: 10000000abcdef
      site: lab
    name: ${ids.registered}
    namespace: ${fleet}
    resourceVersion: "4823611"
    uid: 6b1c1b0e-3f5a-4c1e-9d7a-0f1e2d3c4b5a
  spec:
    heartbeat:
      hardwareProfile:
        include: true
        scope: delta
      periodSeconds: 15
    requestTime: "2026-03-02T09:15:27Z"
  status:
    hardware:
      cpu:
        architecture: aarch64
        count: 4
        flags: []
        frequency: "1500"
        modelName: Cortex-A72
      disks:
      - byPath: /dev/disk/by-path/platform-fe340000.mmc
        driveType: SSD
        id: /dev/disk/by-path/platform-fe340000.mmc
        name: mmcblk0
        path: /dev/mmcblk0
        sizeBytes: 31914983424
      gpus: []
      hostname: cam-01
      interfaces:
      - flags:
        - up
        - broadcast
        hasCarrier: true
        ipv4Addresses:
        - 10.0.4.21/24
        macAddress: dc:a6:32:01:02:03
        mtu: 1500
        name: eth0
      memory:
        physicalBytes: 4124835840
        usableBytes: 3978027008
      systemVendor:
        manufacturer: Raspberry Pi Foundation
        productName: Raspberry Pi 4 Model B
        serialNumber: 10000000abcdef
    phase: up
    workloads:
    - lastDataUpload: null
      lastTransitionTime: "2026-03-02T09:20:01Z"
      name: camera
      phase: Running
- apiVersion: management.project-flotta.io/v1alpha1
  kind: EdgeDeviceSignedRequest
  metadata:
    creationTimestamp: "2026-03-02T09:14:58Z"
    generation: 2
    name: ${ids.registered}
    namespace: default
    resourceVersion: "4823102"
    uid: 1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b
  spec:
    approved: true
    features:
      hardware:
        hostname: cam-01
    targetNamespace: ${fleet}
  status:
    conditions:
    - lastTransitionTime: "2026-03-02T09:15:27Z"
      status: "True"
      type: approved
- apiVersion: management.project-flotta.io/v1alpha1
  kind: EdgeDeviceSignedRequest
  metadata:
    creationTimestamp: "2026-03-03T11:02:10Z"
    generation: 1
    name: ${ids.pending}
    namespace: default
    resourceVersion: "4901877"
    uid: 2a3b4c5d-6e7f-4081-9293-a4b5c6d7e8f9
  spec:
    features:
      hardware:
        cpu:
          architecture: x86_64
          modelName: Intel(R) Atom(TM) x5-E3940
        hostname: gw-07
    targetNamespace: ${fleet}
  status:
    conditions:
    - status: "True"
      type: pending
- apiVersion: management.project-flotta.io/v1alpha1
  kind: EdgeDeviceSignedRequest
  metadata:
    creationTimestamp: "2026-03-03T11:05:44Z"
    generation: 2
    name: ${ids.approved}
    namespace: default
    resourceVersion: "4902011"
    uid: 3b4c5d6e-7f80-4192-a3b4-c5d6e7f8a9b0
  spec:
    approved: true
    targetNamespace: ${fleet}
    targetSet: lab-sensors
  status:
    conditions:
    - status: "True"
      type: approved
kind: List
metadata:
  resourceVersion: ""
`;

describe('moving a fleet from the CRD backend', () => {
  const journey = new DeviceJourney();
  const { edge, management } = journey;
  const url = `${inject('configServiceUrl')}/api/v1/apply`;

  const apply = async (body: string): Promise<ApiResponse<{ results: Result[] }>> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml', ...bearer('admin') },
      body,
    });
    return { status: res.status, body: (await res.json()) as { results: Result[] } };
  };
  const device = (ns: string, id: string) => management.device<Device>(ns, id);

  const fleet = newNamespace('fleet');
  const ids = { registered: newDeviceId('cam'), pending: newDeviceId('gw'), approved: newDeviceId('sensor') };

  beforeAll(async () => {
    const first = await apply(kubectlList(fleet, ids));
    expect(first.status).toBe(200);
    expect(first.body.results).toEqual([
      {
        kind: 'EdgeDevice',
        namespace: fleet,
        name: ids.registered,
        outcome: 'imported',
        state: 'registered',
      },
      expect.objectContaining({
        kind: 'EdgeDeviceSignedRequest',
        namespace: 'default',
        name: ids.registered,
        outcome: 'unchanged',
        state: 'registered',
      }),
      {
        kind: 'EdgeDeviceSignedRequest',
        namespace: 'default',
        name: ids.pending,
        outcome: 'imported',
        state: 'pending',
      },
      {
        kind: 'EdgeDeviceSignedRequest',
        namespace: 'default',
        name: ids.approved,
        outcome: 'imported',
        state: 'approved',
      },
    ]);
  });

  afterAll(() => undefined);

  it('answers an imported device registered, in its real namespace, within seconds, without enrolling again', async () => {
    const status = await waitFor(
      async () => {
        const r = await edge.registrationStatus('default', ids.registered);
        return r.status === 200 ? r : undefined;
      },
      { what: 'the imported device registered', timeoutMs: 10_000 },
    );
    expect(status.body).toMatchObject({ status: 'registered', namespace: fleet });

    const view = await journey.waitForState(fleet, ids.registered, 'registered');
    expect(view.labels).toMatchObject({ site: 'lab', 'device.hostname': 'cam-01' });
    expect(view.labels).not.toHaveProperty('edgedeviceSignedRequest');
    // status.hardware becomes its profile, in the Edge API's snake_case.
    expect((await device(fleet, ids.registered)).body.hardware).toMatchObject({
      hostname: 'cam-01',
      cpu: { architecture: 'aarch64', model_name: 'Cortex-A72', count: 4, frequency: 1500 },
      system_vendor: { serial_number: '10000000abcdef', product_name: 'Raspberry Pi 4 Model B' },
      disks: [{ name: 'mmcblk0', drive_type: 'SSD', size_bytes: 31914983424, by_path: expect.any(String) }],
      interfaces: [{ name: 'eth0', has_carrier: true, ipv4_addresses: ['10.0.4.21/24'] }],
    });
  });

  it('serves its configuration from its spec sections and records its heartbeats', async () => {
    const config = await waitFor(
      async () => {
        const r = await edge.configuration(fleet, ids.registered);
        return r.status === 200 ? r : undefined;
      },
      { what: 'the configuration served' },
    );
    expect(
      (config.body as { 'device-configuration': { configuration: { heartbeat: unknown } } })[
        'device-configuration'
      ].configuration.heartbeat,
    ).toEqual({ period_seconds: 15, hardware_profile: { include: true, scope: 'delta' } });

    expect((await edge.heartbeat(fleet, ids.registered, heartbeatBody('1'))).status).toBe(200);
    const seen = await waitFor(
      async () => {
        const d = await device(fleet, ids.registered);
        return d.body.lastSeenAt ? d.body : undefined;
      },
      { what: 'the heartbeat recorded' },
    );
    expect(seen).toMatchObject({ state: 'registered', namespace: fleet });
  });

  it('takes in enrolment requests: pending in the namespace asked for, approved ones into their set', async () => {
    const pending = await journey.waitForState(fleet, ids.pending, 'pending');
    expect(pending).toMatchObject({ namespace: fleet });
    expect((await device(fleet, ids.pending)).body.hardware).toMatchObject({
      hostname: 'gw-07',
      cpu: { architecture: 'x86_64', model_name: 'Intel(R) Atom(TM) x5-E3940' },
    });
    const approved = await journey.waitForState(fleet, ids.approved, 'approved');
    expect(approved.labels).toEqual({ 'flotta/member-of': 'lab-sensors' });
    expect((await edge.registrationStatus('default', ids.approved)).body).toMatchObject({
      status: 'registered',
      namespace: fleet,
    });
    // Its enrolment is answered as approved: the device goes on to register.
    expect((await edge.enrol(fleet, ids.approved, { features: {} })).status).toBe(200);
  });

  it('changes nothing when applied again, and audits every import', async () => {
    await journey.waitForState(fleet, ids.pending, 'pending');
    await journey.waitForState(fleet, ids.approved, 'approved');
    const before = await device(fleet, ids.registered);
    const again = await apply(kubectlList(fleet, ids));
    expect(again.status).toBe(200);
    expect(again.body.results.map((r) => r.outcome)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect((await device(fleet, ids.registered)).body).toEqual(before.body);

    const audit = await management.request<{ items: { action: string; resource: string; actor: string }[] }>(
      'GET',
      `/audit?namespace=${fleet}&limit=100`,
    );
    expect(audit.status).toBe(200);
    const imports = audit.body.items.filter((e) => e.action.startsWith('device.import.'));
    expect(imports.map((e) => `${e.action} ${e.resource}`).sort()).toEqual(
      [
        `device.import.approved devices/${ids.approved}`,
        `device.import.pending devices/${ids.pending}`,
        `device.import.registered devices/${ids.registered}`,
      ].sort(),
    );
  });

  it('reports a device the registry knows in another state, and leaves it as it is', async () => {
    const ns = newNamespace();
    const id = newDeviceId('known');
    await journey.enrolPending(ns, id);
    const res = await apply(`
apiVersion: management.project-flotta.io/v1alpha1
kind: EdgeDevice
metadata:
  name: ${id}
  namespace: ${ns}
spec: {}
status:
  hardware:
    hostname: elsewhere
`);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({
        kind: 'EdgeDevice',
        name: id,
        outcome: 'conflict',
        message: expect.stringContaining('already pending') as string,
      }),
    ]);
    const view = await device(ns, id);
    expect(view.body).toMatchObject({ state: 'pending' });
    expect(view.body.hardware).not.toMatchObject({ hostname: 'elsewhere' });
  });
});
