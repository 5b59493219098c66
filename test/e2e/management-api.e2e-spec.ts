import { afterAll, describe, expect, inject, it } from 'vitest';
import { newDeviceId, newNamespace } from '../factories/device.factory';
import { DeviceJourney } from '../support/device-journey';
import { waitFor } from '../support/wait-for';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Device {
  deviceId: string;
  labels: Record<string, string>;
}

describe('management API', () => {
  const journey = new DeviceJourney();
  const { management } = journey;

  it('serves its OpenAPI document with every endpoint', async () => {
    const res = await fetch(`${inject('configServiceUrl')}/api/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/apply',
      '/api/v1/audit',
      '/api/v1/auto-approval-rules',
      '/api/v1/auto-approval-rules/{name}',
      '/api/v1/enrolments',
      '/api/v1/enrolments/{deviceId}/approve',
      '/api/v1/enrolments/{deviceId}/reject',
      '/api/v1/fleet-summary',
      '/api/v1/namespaces/{ns}/configmaps',
      '/api/v1/namespaces/{ns}/configmaps/{name}',
      '/api/v1/namespaces/{ns}/device-sets',
      '/api/v1/namespaces/{ns}/device-sets/{name}',
      '/api/v1/namespaces/{ns}/devices',
      '/api/v1/namespaces/{ns}/devices/{deviceId}',
      '/api/v1/namespaces/{ns}/devices/{deviceId}/configuration',
      '/api/v1/namespaces/{ns}/devices/{deviceId}/events',
      '/api/v1/namespaces/{ns}/devices/{deviceId}/spec',
      '/api/v1/namespaces/{ns}/playbook-executions',
      '/api/v1/namespaces/{ns}/playbook-executions/{name}',
      '/api/v1/namespaces/{ns}/recording-policy',
      '/api/v1/namespaces/{ns}/rollout-policy',
      '/api/v1/namespaces/{ns}/rollouts',
      '/api/v1/namespaces/{ns}/rollouts/{id}',
      '/api/v1/namespaces/{ns}/rollouts/{id}/{action}',
      '/api/v1/namespaces/{ns}/secrets',
      '/api/v1/namespaces/{ns}/secrets/{name}',
      '/api/v1/namespaces/{ns}/workloads',
      '/api/v1/namespaces/{ns}/workloads/{name}',
      '/api/v1/namespaces/{ns}/workloads/{name}/preview',
      '/api/v1/preauthorizations',
      '/api/v1/preauthorizations/import',
      '/api/v1/preauthorizations/{deviceId}',
      '/api/v1/recording-policies',
      '/api/v1/recording-policy',
      '/api/v1/tokens',
      '/api/v1/tokens/{name}',
      '/api/v1/whoami',
    ]);
    expect(Object.keys(doc.paths['/api/v1/namespaces/{ns}/devices/{deviceId}']).sort()).toEqual([
      'delete',
      'get',
      'patch',
    ]);
    // Every operation says that it needs a bearer token and which role.
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p)) as {
      security?: unknown[];
      'x-required-role'?: { role: string; scope: string };
    }[];
    expect(operations.length).toBeGreaterThan(40);
    for (const operation of operations) {
      expect(operation.security).toEqual([{ bearer: [] }]);
      expect(['authenticated', 'viewer', 'operator', 'admin']).toContain(operation['x-required-role']?.role);
    }
    expect((doc as { components?: { securitySchemes?: unknown } }).components?.securitySchemes).toMatchObject(
      {
        bearer: { type: 'http', scheme: 'bearer' },
      },
    );
  });

  describe('auto-approval rules', () => {
    const name = `rules-${newNamespace()}`;

    afterAll(async () => {
      await management.request('DELETE', `/auto-approval-rules/${name}`);
    });

    it('creates, reads, lists, replaces and deletes a rule', async () => {
      const created = await management.request('PUT', `/auto-approval-rules/${name}`, {
        deviceIdPattern: 'x-*',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name,
        deviceIdPattern: 'x-*',
        namespacePattern: '*',
        enabled: true,
        resourceVersion: '1',
      });

      const replaced = await management.request('PUT', `/auto-approval-rules/${name}`, {
        deviceIdPattern: 'y-?',
        priority: 5,
        enabled: false,
      });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({
        deviceIdPattern: 'y-?',
        priority: 5,
        enabled: false,
        resourceVersion: '2',
      });

      expect((await management.request('GET', `/auto-approval-rules/${name}`)).body).toMatchObject({
        priority: 5,
      });
      const list = await management.request<{ items: { name: string }[] }>(
        'GET',
        '/auto-approval-rules?limit=500',
      );
      expect(list.body.items.map((r) => r.name)).toContain(name);

      expect((await management.request('DELETE', `/auto-approval-rules/${name}`)).status).toBe(204);
      const gone = await management.request('GET', `/auto-approval-rules/${name}`);
      expect(gone.status).toBe(404);
      expect(gone.body).toMatchObject({ code: 'RULE_NOT_FOUND' });
    });

    it.each([
      ['a pattern with regex syntax', { deviceIdPattern: '^a.*$' }],
      ['a missing pattern', {}],
      ['an invalid target namespace', { deviceIdPattern: '*', targetNamespace: 'Not_DNS' }],
      ['invalid labels', { deviceIdPattern: '*', labels: { 'bad key!': 'v' } }],
      ['an unknown field', { deviceIdPattern: '*', surprise: 1 }],
    ])('refuses %s with 400 and stores nothing', async (_, body) => {
      const res = await management.request('PUT', `/auto-approval-rules/${name}`, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((await management.request('GET', `/auto-approval-rules/${name}`)).status).toBe(404);
    });
  });

  describe('devices', () => {
    it('lists a namespace by label selector, page by page', async () => {
      const ns = newNamespace();
      const ids = [newDeviceId('a'), newDeviceId('b'), newDeviceId('c')];
      for (const [i, id] of ids.entries()) {
        await journey.approved(ns, id, { labels: { tier: i < 2 ? 'edge' : 'core' } });
      }
      const edge = await management.request<Page<Device>>(
        'GET',
        `/namespaces/${ns}/devices?labelSelector=tier%3Dedge`,
      );
      expect(edge.body.items.map((d) => d.deviceId).sort()).toEqual(ids.slice(0, 2).sort());

      const first = await management.request<Page<Device>>('GET', `/namespaces/${ns}/devices?limit=2`);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await management.request<Page<Device>>(
        'GET',
        `/namespaces/${ns}/devices?limit=2&cursor=${first.body.nextCursor}`,
      );
      expect(second.body).toMatchObject({ nextCursor: null });
      expect([...first.body.items, ...second.body.items].map((d) => d.deviceId).sort()).toEqual(
        [...ids].sort(),
      );

      const notin = await management.request<Page<Device>>(
        'GET',
        `/namespaces/${ns}/devices?labelSelector=tier%20notin%20(edge)`,
      );
      expect(notin.body.items.map((d) => d.deviceId)).toEqual([ids[2]]);
    });

    it('sets and removes labels through the registry', async () => {
      const ns = newNamespace();
      const deviceId = newDeviceId();
      await journey.approved(ns, deviceId, { labels: { a: '1', b: '2' } });
      const patched = await management.request('PATCH', `/namespaces/${ns}/devices/${deviceId}`, {
        labels: { a: null, c: '3' },
      });
      expect(patched.status).toBe(202);
      const device = await waitFor(async () => {
        const res = await management.device<Device>(ns, deviceId);
        return res.body.labels.c === '3' ? res.body : undefined;
      });
      expect(device.labels).toEqual({ b: '2', c: '3' });
    });

    it.each([
      [
        'a malformed label selector',
        (ns: string) => `/namespaces/${ns}/devices?labelSelector=a%3Db%3Dc`,
        'GET',
        undefined,
      ],
      ['a tampered cursor', (ns: string) => `/namespaces/${ns}/devices?cursor=bm9wZQ`, 'GET', undefined],
      [
        'labels that are not strings',
        (ns: string) => `/namespaces/${ns}/devices/d1`,
        'PATCH',
        { labels: { a: 1 } },
      ],
    ])('answers %s with 400', async (_, path, method, body) => {
      const res = await management.request(method, path(newNamespace()), body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) });
    });

    it('approves an enrolment posted without a body, into the namespace it asked for', async () => {
      const ns = newNamespace();
      const deviceId = newDeviceId();
      await journey.enrolPending(ns, deviceId);
      const res = await management.request('POST', `/enrolments/${deviceId}/approve`);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ decision: 'approved', namespace: ns });
    });

    it('answers 404 for a device outside its namespace and for an unknown enrolment', async () => {
      const ns = newNamespace();
      const deviceId = newDeviceId();
      await journey.approved(ns, deviceId);
      expect((await management.device(`${ns}-other`, deviceId)).status).toBe(404);
      expect((await management.request('DELETE', `/namespaces/${ns}-other/devices/${deviceId}`)).status).toBe(
        404,
      );
      expect((await management.approve(newDeviceId())).body).toMatchObject({ code: 'ENROLMENT_NOT_FOUND' });
    });

    it('refuses to reject a registered device and to approve a decommissioned one', async () => {
      const ns = newNamespace();
      const deviceId = newDeviceId();
      await journey.registered(ns, deviceId);
      expect((await management.reject(deviceId)).status).toBe(409);
      await management.request('DELETE', `/namespaces/${ns}/devices/${deviceId}`);
      await journey.waitForState(ns, deviceId, 'decommissioned');
      const res = await management.approve(deviceId);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'ENROLMENT_ALREADY_DECIDED' });
    });
  });
});
