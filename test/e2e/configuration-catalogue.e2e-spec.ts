import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { heartbeatBody, newDeviceId, newNamespace } from '../factories/device.factory';
import { testPool } from '../support/db';
import { DeviceJourney } from '../support/device-journey';
import { waitFor } from '../support/wait-for';

type Message = {
  device_id: string;
  version: string;
  configuration: Record<string, unknown> & { heartbeat: Record<string, unknown> };
  workloads: Record<string, unknown>[];
  secrets?: { name: string; data: string }[];
};

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const AUTH_FILE = '{"auths":{"quay.io":{"auth":"dXNlcjpwYXNz"}}}';
const PASSWORD = 'correct-horse-battery-staple';
const POD_SPEC = {
  containers: [
    {
      name: 'cam',
      image: 'quay.io/acme/cam:1.0',
      envFrom: [{ configMapRef: { name: 'cam-settings' } }],
      env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'cam-db', key: 'password' } } }],
    },
  ],
};

describe('configuration catalogue and rendering', () => {
  const journey = new DeviceJourney();
  const { management, edge } = journey;
  let pool: Pool;

  beforeAll(() => {
    pool = testPool();
  });
  afterAll(async () => {
    await pool.end();
  });

  const configuration = async (ns: string, id: string): Promise<Message> => {
    const res = await edge.configuration(ns, id);
    expect(res.status).toBe(200);
    return (res.body as { 'device-configuration': Message })['device-configuration'];
  };
  const waitForConfiguration = (ns: string, id: string, test: (m: Message) => boolean, what: string) =>
    waitFor(
      async () => {
        const m = await configuration(ns, id);
        return test(m) ? m : undefined;
      },
      { what },
    );
  const put = (path: string, body: unknown, headers?: Record<string, string>) =>
    management.request<Record<string, unknown>>('PUT', path, body, headers);

  async function catalogue(ns: string): Promise<void> {
    expect(
      (await put(`/namespaces/${ns}/secrets/cam-db`, { stringData: { password: PASSWORD } })).status,
    ).toBe(201);
    expect(
      (
        await put(`/namespaces/${ns}/secrets/registry`, {
          type: 'kubernetes.io/dockerconfigjson',
          data: { '.dockerconfigjson': b64(AUTH_FILE) },
        })
      ).status,
    ).toBe(201);
    expect((await put(`/namespaces/${ns}/configmaps/cam-settings`, { data: { MODE: 'night' } })).status).toBe(
      201,
    );
  }

  const camWorkload = {
    deviceSelector: { matchLabels: { app: 'cam' } },
    type: 'pod',
    pod: { spec: POD_SPEC },
    labels: { 'podman/tier': 'edge', team: 'vision' },
    annotations: { 'podman/note': 'hello' },
    imageRegistries: { secretRef: { name: 'registry' } },
    data: { egress: [{ source: '/out', target: 'cam' }] },
    logCollection: 'syslog',
  };

  it('renders a workload with a secret, a configmap and a registry secret field by field as the reference does', async () => {
    const ns = newNamespace();
    const id = newDeviceId('cam');
    await journey.registered(ns, id, { labels: { app: 'cam' } });
    await catalogue(ns);
    const created = await put(`/namespaces/${ns}/workloads/cam`, camWorkload);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'cam', namespace: ns, resourceVersion: '1' });

    const message = await waitForConfiguration(
      ns,
      id,
      (m) => m.workloads.length === 1,
      'the workload rendered',
    );
    expect(message.device_id).toBe(id);
    expect(message.version).toEqual(expect.stringMatching(/^\d+$/));
    expect(message.configuration).toEqual({
      heartbeat: { period_seconds: 60, hardware_profile: {} },
      metrics: { receiver: { request_num_samples: 30000, timeout_seconds: 10 } },
      mounts: [],
    });
    const [workload] = message.workloads;
    expect(Object.keys(workload).sort()).toEqual(
      [
        'annotations',
        'configmaps',
        'data',
        'imageRegistries',
        'labels',
        'log_collection',
        'name',
        'namespace',
        'specification',
      ].sort(),
    );
    expect(workload).toMatchObject({
      name: 'cam',
      namespace: ns,
      labels: { tier: 'edge' },
      annotations: { note: 'hello' },
      data: { ingress: null, egress: [{ source: '/out', target: 'cam' }] },
      log_collection: 'syslog',
      imageRegistries: { authFile: AUTH_FILE },
    });
    expect(parse(workload.specification as string)).toEqual(POD_SPEC);
    expect((workload.configmaps as string[]).map((m) => parse(m) as unknown)).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cam-settings', namespace: ns },
        data: { MODE: 'night' },
      },
    ]);
    expect(message.secrets).toEqual([{ name: 'cam-db', data: JSON.stringify({ password: b64(PASSWORD) }) }]);
  });

  it('keeps no plaintext secret in the database, and never returns values', async () => {
    const ns = newNamespace();
    const id = newDeviceId('enc');
    await journey.registered(ns, id, { labels: { app: 'cam' } });
    await catalogue(ns);
    await put(`/namespaces/${ns}/workloads/cam`, camWorkload);
    await waitForConfiguration(ns, id, (m) => m.workloads.length === 1, 'the workload rendered');

    const dump = await pool.query<{ t: string }>(
      `SELECT (SELECT json_agg(s)::text FROM secret s WHERE namespace = $1) ||
              (SELECT json_agg(c)::text FROM device_configuration c WHERE device_id = $2) AS t`,
      [ns, id],
    );
    for (const plain of [PASSWORD, b64(PASSWORD), AUTH_FILE, b64(AUTH_FILE), 'dXNlcjpwYXNz']) {
      expect(dump.rows[0].t).not.toContain(plain);
    }
    const got = await management.request(`GET`, `/namespaces/${ns}/secrets/cam-db`);
    expect(got.body).toEqual(expect.objectContaining({ keys: ['password'], resourceVersion: '1' }));
    expect(JSON.stringify(got.body)).not.toContain(b64(PASSWORD));
    const list = await management.request<{ items: unknown[] }>('GET', `/namespaces/${ns}/secrets`);
    expect(JSON.stringify(list.body)).not.toContain(b64(PASSWORD));
    expect(list.body.items).toHaveLength(2);
  });

  it("applies the device's own spec over its set's field by field", async () => {
    const ns = newNamespace();
    const id = newDeviceId('set');
    await put(`/namespaces/${ns}/device-sets/lab`, {
      heartbeat: { periodSeconds: 30, hardwareProfile: { include: true, scope: 'delta' } },
      osInformation: { commitID: 'c0ffee', automaticallyUpgrade: true },
      mounts: [{ device: '/dev/sdb1', folder: '/data', type: 'ext4', options: 'rw' }],
    });
    await journey.registered(ns, id, { labels: { 'flotta/member-of': 'lab' } });
    await waitForConfiguration(
      ns,
      id,
      (m) => m.configuration.heartbeat.period_seconds === 30,
      'the set applied',
    );
    const spec = await put(`/namespaces/${ns}/devices/${id}/spec`, {
      heartbeat: { periodSeconds: 5 },
      osInformation: { hostedObjectsURL: 'https://os.example' },
    });
    expect(spec.status).toBe(201);

    const message = await waitForConfiguration(
      ns,
      id,
      (m) => m.configuration.heartbeat.period_seconds === 5,
      'the device spec applied',
    );
    expect(message.configuration).toMatchObject({
      heartbeat: { period_seconds: 5, hardware_profile: { include: true, scope: 'delta' } },
      os: { commit_id: 'c0ffee', hosted_objects_url: 'https://os.example', automatically_upgrade: true },
      mounts: [{ device: '/dev/sdb1', directory: '/data', type: 'ext4', options: 'rw' }],
    });
  });

  it('re-renders after every kind of change, bumping the version only when the content changes', async () => {
    const ns = newNamespace();
    const id = newDeviceId('rr');
    await journey.registered(ns, id);
    await catalogue(ns);
    const v0 = (await configuration(ns, id)).version;

    // Registration labels feed selectors: device.hostname comes from the registered hardware.
    await put(`/namespaces/${ns}/workloads/cam`, {
      ...camWorkload,
      deviceSelector: { matchLabels: { 'device.hostname': 'edge-host-1' } },
    });
    const v1 = await waitForConfiguration(ns, id, (m) => m.workloads.length === 1, 'workload rendered');
    expect(Number(v1.version)).toBeGreaterThan(Number(v0));

    // Same content again: unchanged, same version.
    const again = await put(`/namespaces/${ns}/workloads/cam`, {
      ...camWorkload,
      deviceSelector: { matchLabels: { 'device.hostname': 'edge-host-1' } },
    });
    expect(again.body).toMatchObject({ resourceVersion: '1' });
    expect((await configuration(ns, id)).version).toBe(v1.version);

    // Heartbeats do not move the version; the management API shows the device in sync.
    expect((await edge.heartbeat(ns, id, heartbeatBody(v1.version))).status).toBe(200);
    const device = await waitFor(
      async () => {
        const d = await management.device<{ configInSync: boolean; desiredConfigVersion: string }>(ns, id);
        return d.body.configInSync ? d.body : undefined;
      },
      { what: 'device in sync' },
    );
    expect(device.desiredConfigVersion).toBe(v1.version);
    expect((await configuration(ns, id)).version).toBe(v1.version);

    // Secret, configmap, set, labels: each change re-renders.
    await put(`/namespaces/${ns}/secrets/cam-db`, { stringData: { password: 'new-one' } });
    const v2 = await waitForConfiguration(
      ns,
      id,
      (m) => m.secrets?.[0].data === JSON.stringify({ password: b64('new-one') }),
      'secret change',
    );
    await put(`/namespaces/${ns}/configmaps/cam-settings`, { data: { MODE: 'day' } });
    const v3 = await waitForConfiguration(
      ns,
      id,
      (m) => String(m.workloads[0].configmaps).includes('day'),
      'configmap change',
    );
    await management.request('PATCH', `/namespaces/${ns}/devices/${id}`, {
      labels: { 'flotta/member-of': 'grp' },
    });
    await put(`/namespaces/${ns}/device-sets/grp`, { heartbeat: { periodSeconds: 15 } });
    const v4 = await waitForConfiguration(
      ns,
      id,
      (m) => m.configuration.heartbeat.period_seconds === 15,
      'set and labels change',
    );
    const versions = [v1, v2, v3, v4].map((m) => Number(m.version));
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(4);
    expect((await management.device<{ configInSync: boolean }>(ns, id)).body.configInSync).toBe(false);

    await management.request('DELETE', `/namespaces/${ns}/workloads/cam`);
    await waitForConfiguration(
      ns,
      id,
      (m) => m.workloads.length === 0 && m.secrets === undefined,
      'workload removed',
    );
  });

  describe('validation', () => {
    const ns = newNamespace();
    beforeAll(async () => {
      await catalogue(ns);
    });

    it.each([
      [
        'a missing secret',
        { ...camWorkload, imageRegistries: { secretRef: { name: 'nope' } } },
        422,
        'INVALID_REFERENCE',
        'imageRegistries.secretRef: secret "nope" does not exist',
      ],
      [
        'a missing secret key',
        {
          ...camWorkload,
          pod: {
            spec: {
              containers: [
                {
                  name: 'c',
                  image: 'i',
                  env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'cam-db', key: 'user' } } }],
                },
              ],
            },
          },
        },
        422,
        'INVALID_REFERENCE',
        'secret "cam-db" has no key "user"',
      ],
      [
        'a missing configmap',
        {
          ...camWorkload,
          pod: { spec: { containers: [], volumes: [{ name: 'v', configMap: { name: 'ghost' } }] } },
        },
        422,
        'INVALID_REFERENCE',
        'configmap "ghost" does not exist',
      ],
      [
        'a malformed selector',
        { ...camWorkload, deviceSelector: { matchExpressions: [{ key: 'a', operator: 'Near' }] } },
        400,
        'VALIDATION_FAILED',
        'operator',
      ],
      [
        'a PodSpec that is not an object',
        { ...camWorkload, pod: { spec: 'containers: []' } },
        400,
        'VALIDATION_FAILED',
        'pod.spec must be an object',
      ],
      [
        'both device and deviceSelector',
        { ...camWorkload, device: 'd1' },
        400,
        'VALIDATION_FAILED',
        'exactly one of device and deviceSelector',
      ],
      ['an unknown type', { ...camWorkload, type: 'vm' }, 400, 'VALIDATION_FAILED', 'type'],
    ])('refuses %s with the exact problem, storing nothing', async (_, body, status, code, message) => {
      const res = await put(`/namespaces/${ns}/workloads/bad`, body);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ code });
      expect(String(res.body.message)).toContain(message);
      expect((await management.request('GET', `/namespaces/${ns}/workloads/bad`)).status).toBe(404);
    });

    it('refuses a dockerconfigjson secret without its key, and a secret still in use', async () => {
      const bad = await put(`/namespaces/${ns}/secrets/reg2`, {
        type: 'kubernetes.io/dockerconfigjson',
        stringData: { x: 'y' },
      });
      expect(bad.status).toBe(400);
      await put(`/namespaces/${ns}/workloads/uses-db`, camWorkload);
      const del = await management.request<{ code: string; message: string }>(
        'DELETE',
        `/namespaces/${ns}/secrets/cam-db`,
      );
      expect(del.status).toBe(409);
      expect(del.body).toMatchObject({
        code: 'RESOURCE_IN_USE',
        message: expect.stringContaining('workload/uses-db'),
      });
    });

    it('answers 412 when If-Match names another resourceVersion, and applies a matching one', async () => {
      const first = await put(`/namespaces/${ns}/configmaps/cm-if`, { data: { a: '1' } });
      expect(first.body.resourceVersion).toBe('1');
      const stale = await put(
        `/namespaces/${ns}/configmaps/cm-if`,
        { data: { a: '2' } },
        { 'if-match': '"7"' },
      );
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ code: 'PRECONDITION_FAILED' });
      const ok = await put(`/namespaces/${ns}/configmaps/cm-if`, { data: { a: '2' } }, { 'if-match': '"1"' });
      expect(ok.status).toBe(200);
      expect(ok.body.resourceVersion).toBe('2');
    });
  });

  it('previews the devices a workload would target, storing nothing', async () => {
    const ns = newNamespace();
    const [a, b] = [newDeviceId('pa'), newDeviceId('pb')];
    await journey.approved(ns, a, { labels: { app: 'cam' } });
    await journey.approved(ns, b, { labels: { app: 'other' } });
    const res = await management.request('POST', `/namespaces/${ns}/workloads/cam/preview`, {
      ...camWorkload,
      imageRegistries: undefined,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ devices: [a] });
    expect((await management.request('GET', `/namespaces/${ns}/workloads/cam`)).status).toBe(404);
  });

  it('serves playbook executions on GET playbookexecutions', async () => {
    const ns = newNamespace();
    const id = newDeviceId('pb');
    await journey.registered(ns, id);
    const res = await put(`/namespaces/${ns}/playbook-executions/update-os`, {
      device: id,
      playbook: { content: '- hosts: all\n  tasks: []\n' },
    });
    expect(res.status).toBe(201);
    const served = await edge.playbookExecutions(ns, id);
    expect(served.body).toEqual([
      {
        name: 'update-os',
        ansible_playbook_string: '- hosts: all\n  tasks: []\n',
        last_data_upload: '0001-01-01T00:00:00.000Z',
      },
    ]);
  });
});
