import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDeviceId } from '../factories/device.factory';
import { TEAM_A, TEST_CALLERS, type TestCaller } from '../support/auth';
import { DeviceJourney } from '../support/device-journey';
import { ManagementClient } from '../support/management-client';

const TEAM_B = 'team-b';
const ROLES = ['viewer', 'operator', 'admin'] as const;
type Role = (typeof ROLES)[number];
type Scope = 'namespace' | 'cluster' | 'any';

interface Row {
  group: string;
  method: string;
  /** `{ns}` is replaced by team-a, then team-b. */
  path: string;
  body?: (ns: string) => unknown;
  role: Role;
  scope: Scope;
  /** Objects of other namespaces are reported missing (404) rather than forbidden. */
  hidesOutside?: boolean;
}

const CALLERS = [
  'admin',
  'operator',
  'viewer',
  'admin-a',
  'operator-a',
  'viewer-a',
] as const satisfies TestCaller[];

function mayCall(caller: TestCaller, row: Row, ns: string): boolean {
  const grant = TEST_CALLERS[caller];
  const level = Math.max(...grant.roles.map((r) => ROLES.indexOf(r)));
  const everywhere = (grant.namespaces as readonly string[]).includes('*');
  if (level < ROLES.indexOf(row.role)) {
    return false;
  }
  if (row.scope === 'any') {
    return true;
  }
  return row.scope === 'cluster'
    ? everywhere
    : everywhere || (grant.namespaces as readonly string[]).includes(ns);
}

describe('management API access: every role against every endpoint group', () => {
  const journey = new DeviceJourney();
  const admin = new ManagementClient();
  const pending: Record<string, string> = {};

  // Bodies are invalid where the role check happens before validation: an allowed call then ends in 400 and
  // nothing changes. Where the service checks the object's namespace, the body is valid and harmless.
  const rows: Row[] = [
    { group: 'devices', method: 'GET', path: '/namespaces/{ns}/devices', role: 'viewer', scope: 'namespace' },
    {
      group: 'devices',
      method: 'GET',
      path: '/namespaces/{ns}/devices/nodev/events',
      role: 'viewer',
      scope: 'namespace',
    },
    {
      group: 'devices',
      method: 'PATCH',
      path: '/namespaces/{ns}/devices/nodev',
      body: () => ({ labels: 7 }),
      role: 'operator',
      scope: 'namespace',
    },
    {
      group: 'devices',
      method: 'DELETE',
      path: '/namespaces/{ns}/devices/nodev',
      role: 'operator',
      scope: 'namespace',
    },
    {
      group: 'device specs',
      method: 'GET',
      path: '/namespaces/{ns}/devices/nodev/spec',
      role: 'viewer',
      scope: 'namespace',
    },
    {
      group: 'device specs',
      method: 'PUT',
      path: '/namespaces/{ns}/devices/nodev/spec',
      body: () => ({ heartbeat: 1 }),
      role: 'operator',
      scope: 'namespace',
    },
    {
      group: 'workloads',
      method: 'GET',
      path: '/namespaces/{ns}/workloads',
      role: 'viewer',
      scope: 'namespace',
    },
    {
      group: 'workloads',
      method: 'POST',
      path: '/namespaces/{ns}/workloads/none/preview',
      role: 'viewer',
      scope: 'namespace',
    },
    {
      group: 'workloads',
      method: 'PUT',
      path: '/namespaces/{ns}/workloads/w1',
      body: () => ({}),
      role: 'operator',
      scope: 'namespace',
    },
    {
      group: 'workloads',
      method: 'DELETE',
      path: '/namespaces/{ns}/workloads/none',
      role: 'operator',
      scope: 'namespace',
    },
    {
      group: 'device sets',
      method: 'GET',
      path: '/namespaces/{ns}/device-sets',
      role: 'viewer',
      scope: 'namespace',
    },
    {
      group: 'device sets',
      method: 'PUT',
      path: '/namespaces/{ns}/device-sets/s1',
      body: () => ({ heartbeat: 1 }),
      role: 'operator',
      scope: 'namespace',
    },
    {
      group: 'configmaps',
      method: 'GET',
      path: '/namespaces/{ns}/configmaps',
      role: 'viewer',
      scope: 'namespace',
    },
    {
      group: 'configmaps',
      method: 'PUT',
      path: '/namespaces/{ns}/configmaps/c1',
      body: () => ({ data: 1 }),
      role: 'operator',
      scope: 'namespace',
    },
    {
      group: 'playbooks',
      method: 'GET',
      path: '/namespaces/{ns}/playbook-executions',
      role: 'viewer',
      scope: 'namespace',
    },
    {
      group: 'playbooks',
      method: 'PUT',
      path: '/namespaces/{ns}/playbook-executions/p1',
      body: () => ({}),
      role: 'operator',
      scope: 'namespace',
    },
    { group: 'secrets', method: 'GET', path: '/namespaces/{ns}/secrets', role: 'viewer', scope: 'namespace' },
    {
      group: 'secrets',
      method: 'PUT',
      path: '/namespaces/{ns}/secrets/s1',
      body: () => ({ data: 1 }),
      role: 'admin',
      scope: 'namespace',
    },
    {
      group: 'secrets',
      method: 'DELETE',
      path: '/namespaces/{ns}/secrets/none',
      role: 'admin',
      scope: 'namespace',
    },
    {
      group: 'recording policies',
      method: 'GET',
      path: '/namespaces/{ns}/recording-policy',
      role: 'viewer',
      scope: 'namespace',
    },
    {
      group: 'recording policies',
      method: 'PUT',
      path: '/namespaces/{ns}/recording-policy',
      body: () => ({ policy: 'x' }),
      role: 'admin',
      scope: 'namespace',
    },
    { group: 'recording policies', method: 'GET', path: '/recording-policies', role: 'viewer', scope: 'any' },
    {
      group: 'recording policies',
      method: 'PUT',
      path: '/recording-policy',
      body: () => ({ policy: 'x' }),
      role: 'admin',
      scope: 'cluster',
    },
    { group: 'enrolments', method: 'GET', path: '/enrolments', role: 'viewer', scope: 'any' },
    {
      group: 'enrolments',
      method: 'POST',
      path: '/enrolments/{device}/approve',
      body: (ns) => ({ namespace: ns }),
      role: 'operator',
      scope: 'namespace',
      hidesOutside: true,
    },
    {
      group: 'auto-approval rules',
      method: 'GET',
      path: '/auto-approval-rules',
      role: 'viewer',
      scope: 'any',
    },
    {
      group: 'auto-approval rules',
      method: 'PUT',
      path: '/auto-approval-rules/access-{ns}',
      body: (ns) => ({ deviceIdPattern: 'never-matches-*', targetNamespace: ns }),
      role: 'admin',
      scope: 'namespace',
    },
    {
      group: 'apply',
      method: 'POST',
      path: '/apply',
      body: (ns) => [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'applied', namespace: ns },
          data: { A: '1' },
        },
      ],
      role: 'operator',
      scope: 'namespace',
    },
    {
      group: 'apply',
      method: 'POST',
      path: '/apply',
      body: (ns) => [
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'applied', namespace: ns },
          data: { A: 'MQ==' },
        },
      ],
      role: 'admin',
      scope: 'namespace',
    },
    { group: 'audit', method: 'GET', path: '/audit', role: 'admin', scope: 'any' },
    { group: 'tokens', method: 'GET', path: '/tokens', role: 'admin', scope: 'cluster' },
    {
      group: 'tokens',
      method: 'PUT',
      path: '/tokens/t1',
      body: () => ({ roles: ['nobody'] }),
      role: 'admin',
      scope: 'cluster',
    },
  ];

  beforeAll(async () => {
    for (const ns of [TEAM_A, TEAM_B]) {
      pending[ns] = newDeviceId('access');
      await journey.enrolPending(ns, pending[ns]);
    }
  });

  afterAll(async () => {
    for (const ns of [TEAM_A, TEAM_B]) {
      await admin.request('DELETE', `/auto-approval-rules/access-${ns}`);
    }
  });

  it.each(rows.map((row) => [`${row.group}: ${row.method} ${row.path}`, row] as const))(
    '%s',
    async (_, row) => {
      const mismatches: string[] = [];
      for (const ns of [TEAM_A, TEAM_B]) {
        const path = row.path.replace('{ns}', ns).replace('{device}', pending[ns] ?? '');
        const anonymous = await admin.as(null).request(row.method, path, row.body?.(ns));
        if (anonymous.status !== 401) {
          mismatches.push(`anonymous ${path}: ${anonymous.status}`);
        }
        for (const caller of CALLERS) {
          const res = await admin.as(caller).request(row.method, path, row.body?.(ns));
          const allowed = mayCall(caller, row, ns);
          const ok = allowed
            ? res.status !== 401 && res.status !== 403 && res.status < 500
            : res.status === 403 || (row.hidesOutside === true && res.status === 404);
          if (!ok) {
            mismatches.push(
              `${caller} ${row.method} ${path}: ${res.status} (expected ${allowed ? 'allowed' : 'denied'})`,
            );
          }
          if (!allowed && res.status === 403) {
            expect(res.body).toMatchObject({
              statusCode: 403,
              code: 'FORBIDDEN',
              message: expect.any(String),
            });
          }
        }
      }
      expect(mismatches).toEqual([]);
    },
  );

  it('answers 401 with a JSON error and WWW-Authenticate for a missing, malformed or unknown token', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { authorization: 'Bearer not-a-known-token' },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${admin.url}/whoami`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await res.json()).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    }
  });

  it('keeps health, metrics, the OpenAPI document and the console page open', async () => {
    for (const path of [
      '/health/live',
      '/health/ready',
      '/metrics',
      '/api/docs',
      '/api/docs-json',
      '/console/',
    ]) {
      expect((await fetch(`${admin.origin}${path}`)).status).toBe(200);
    }
  });

  it('tells a caller who it is', async () => {
    expect((await admin.as('operator-a').request('GET', '/whoami')).body).toEqual({
      actor: 'token:operator-a',
      name: 'operator-a',
      kind: 'token',
      roles: ['operator'],
      namespaces: [TEAM_A],
    });
  });
});

describe('management API lists never show other namespaces', () => {
  const journey = new DeviceJourney();
  const admin = new ManagementClient();
  const TEAM_C = `team-c-${newDeviceId('x').slice(-6)}`;
  const devices = { a: newDeviceId('iso'), c: newDeviceId('iso') };

  beforeAll(async () => {
    await journey.enrolPending(TEAM_A, devices.a);
    await journey.enrolPending(TEAM_C, devices.c);
    for (const ns of [TEAM_A, TEAM_C]) {
      await admin.request('PUT', `/auto-approval-rules/iso-${ns}`, {
        deviceIdPattern: 'never-*',
        targetNamespace: ns,
      });
      await admin.request('PUT', `/namespaces/${ns}/recording-policy`, { policy: 'status-only' });
    }
    await admin.request('PUT', '/auto-approval-rules/iso-cluster', { deviceIdPattern: 'never-*' });
  });

  afterAll(async () => {
    for (const name of [`iso-${TEAM_A}`, `iso-${TEAM_C}`, 'iso-cluster']) {
      await admin.request('DELETE', `/auto-approval-rules/${name}`);
    }
    for (const ns of [TEAM_A, TEAM_C]) {
      await admin.request('DELETE', `/namespaces/${ns}/recording-policy`);
    }
  });

  it('pending enrolments', async () => {
    const list = async (caller: TestCaller) =>
      (
        await admin
          .as(caller)
          .request<{ items: { deviceId: string; namespace: string }[] }>('GET', '/enrolments?limit=500')
      ).body.items;

    expect((await list('viewer')).map((d) => d.deviceId)).toEqual(
      expect.arrayContaining([devices.a, devices.c]),
    );
    const scoped = await list('viewer-a');
    expect(scoped.map((d) => d.deviceId)).toContain(devices.a);
    expect(new Set(scoped.map((d) => d.namespace))).toEqual(new Set([TEAM_A]));
    // Not even by its ID.
    expect((await admin.as('operator-a').approve(devices.c, { namespace: TEAM_A })).status).toBe(404);
  });

  it('auto-approval rules', async () => {
    const names = async (caller: TestCaller) =>
      (
        await admin.as(caller).request<{ items: { name: string }[] }>('GET', '/auto-approval-rules?limit=500')
      ).body.items.map((r) => r.name);

    expect(await names('viewer')).toEqual(
      expect.arrayContaining([`iso-${TEAM_A}`, `iso-${TEAM_C}`, 'iso-cluster']),
    );
    const scoped = await names('admin-a');
    expect(scoped).toContain(`iso-${TEAM_A}`);
    expect(scoped).not.toContain(`iso-${TEAM_C}`);
    expect(scoped).not.toContain('iso-cluster');
    expect((await admin.as('admin-a').request('GET', `/auto-approval-rules/iso-${TEAM_C}`)).status).toBe(404);
    expect((await admin.as('admin-a').request('DELETE', '/auto-approval-rules/iso-cluster')).status).toBe(
      404,
    );
  });

  it('recording policies', async () => {
    const namespaces = async (caller: TestCaller) =>
      (
        await admin
          .as(caller)
          .request<{ items: { namespace: string }[] }>('GET', '/recording-policies?limit=500')
      ).body.items.map((p) => p.namespace);

    expect(await namespaces('viewer')).toEqual(expect.arrayContaining([TEAM_A, TEAM_C]));
    const scoped = await namespaces('viewer-a');
    expect(scoped).toContain(TEAM_A);
    expect(scoped).not.toContain(TEAM_C);
  });
});
