import { describe, expect, inject, it } from 'vitest';
import {
  enrolmentBody,
  heartbeatBody,
  newDeviceId,
  newNamespace,
  registrationBody,
} from '../factories/device.factory';
import { bearer } from '../support/auth';
import { EdgeApiClient } from '../support/edge-api-client';

describe('Edge Configuration API input handling', () => {
  const edge = new EdgeApiClient();
  const ns = newNamespace();

  it.each([
    ['a body that is not JSON', '{"features":', 'application/json', 400],
    ['an empty JSON body', '', 'application/json', 400],
    ['a JSON array', '[]\n', 'application/json', 400],
    [
      'a wrong type where the Go model has a type',
      '{"features":{"hardware":{"cpu":{"count":"4"}}}}\n',
      'application/json',
      400,
    ],
    ['a media type other than JSON', '<enrolment/>', 'application/xml', 415],
  ])('answers %s with a JSON error', async (_, body, contentType, status) => {
    const res = await edge.raw(
      'POST',
      `/namespaces/${ns}/devices/${newDeviceId()}/enrolment`,
      body,
      contentType,
    );
    expect(res.status).toBe(status);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ message: expect.any(String), code: expect.any(String) });
  });

  it('names the offending field', async () => {
    const res = await edge.heartbeat(ns, newDeviceId(), {
      workloads: [{ name: 'w', status: 'Running', last_data_upload: 5 }],
    });
    expect(res.status).toBe(400);
    expect((res.body as { message: string }).message).toContain('workloads[0].last_data_upload');
  });

  it('accepts what the real Edge API sends: nulls, zero times, podman states, unknown fields', async () => {
    const res = await edge.enrol(ns, newDeviceId(), {
      ...enrolmentBody(ns),
      features: {
        modelName: 'rpi',
        hardware: { interfaces: null, disks: null, cpu: { flags: null }, extra: { x: 1 } },
      },
      unknown_field: true,
    });
    expect(res.status).toBe(201);
  });

  it.each([
    ['a device ID with a path trick', 'a..b'],
    ['a device ID with an encoded slash', 'a%2Fb'],
    ['a namespace that is not DNS-1123', 'UPPER'],
  ])('refuses %s with 400', async (_, segment) => {
    const path =
      segment === 'UPPER'
        ? `/namespaces/UPPER/devices/d1/registration`
        : `/namespaces/${ns}/devices/${segment}/registration`;
    const res = await edge.raw('GET', path);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('answers 404 for the heartbeat, configuration and playbooks of an unknown device, and 403 for its registration', async () => {
    const unknown = newDeviceId();
    for (const res of [
      await edge.heartbeat(ns, unknown, heartbeatBody()),
      await edge.configuration(ns, unknown),
      await edge.playbookExecutions(ns, unknown),
    ]) {
      expect(res.status).toBe(404);
      expect(res.contentType).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ message: expect.any(String) });
    }
    const status = await edge.registrationStatus('default', unknown);
    expect(status.status).toBe(404);
    expect(status.body).toMatchObject({ status: 'unknown', message: expect.any(String) });
    expect((await edge.register('default', unknown, registrationBody())).status).toBe(403);
  });
});

describe('hostile input on both HTTP APIs', () => {
  const apis = [
    [
      'the Edge Configuration API',
      () => `${inject('gatewayUrl')}/api/flotta-backend/v1/namespaces/ns1/devices/d1/heartbeat`,
      'PUT',
    ],
    ['the management API', () => `${inject('configServiceUrl')}/api/v1/auto-approval-rules/deep`, 'PUT'],
  ] as const;

  it.each(apis)('%s refuses JSON nested deeper than the limit with 400', async (_, url, method) => {
    const deep = `${'['.repeat(100)}${']'.repeat(100)}`;
    const res = await fetch(url(), {
      method,
      headers: { 'content-type': 'application/json', ...bearer('admin') },
      body: `{"x":${deep}}`,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ message: expect.stringContaining('nests deeper') });
  });

  it.each(apis)('%s refuses an over-long URL with 414', async (_, url, method) => {
    const res = await fetch(`${url()}?pad=${'a'.repeat(3000)}`, {
      method,
      headers: { 'content-type': 'application/json', ...bearer('admin') },
      body: '{}',
    });
    expect(res.status).toBe(414);
    expect(await res.json()).toMatchObject({ code: 'URL_TOO_LONG' });
  });

  it.each(apis)('%s refuses a __proto__ key with 400', async (_, url, method) => {
    const res = await fetch(url(), {
      method,
      headers: { 'content-type': 'application/json', ...bearer('admin') },
      body: '{"__proto__":{"polluted":true}}',
    });
    expect(res.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(apis)('%s refuses a body over the size limit with 413', async (_, url, method) => {
    const res = await fetch(url(), {
      method,
      headers: { 'content-type': 'application/json', ...bearer('admin') },
      body: JSON.stringify({ pad: 'a'.repeat(1_100_000) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'BODY_TOO_LARGE' });
  });
});
