import { TOPICS } from '@lib/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { heartbeatBody, newDeviceId, newNamespace } from '../factories/device.factory';
import {
  applyCases,
  managementBodyCases,
  managementPathCases,
  selectorCases,
  WORKLOAD,
} from '../factories/hostile-management-request.factory';
import {
  EDGE_BASE,
  edgeBodyCases,
  edgePathCases,
  envelopeCases,
  type HostileRequest,
  json,
  JSON_TYPE,
} from '../factories/hostile-request.factory';
import { bearer } from '../support/auth';
import { testPool } from '../support/db';
import { DeviceJourney } from '../support/device-journey';
import { rawRequest } from '../support/raw-http';
import { SystemState } from '../support/system-state';
import { waitFor } from '../support/wait-for';

/**
 * A corpus of hostile requests against both APIs, over the real stack (test/factories/hostile-*.factory.ts).
 * Every one must be answered with a 4xx JSON error `{statusCode, code, message}`, and change nothing: no table
 * either API writes, no request topic.
 */

/** A device and its namespace, registered; a device waiting for approval; one nobody knows. */
const target = {
  ns: newNamespace('hostile'),
  device: newDeviceId('hostile'),
  pending: newDeviceId('hostile-pending'),
  unknown: newDeviceId('hostile-unknown'),
};
const { ns, device, pending } = target;

describe('hostile input on both APIs', () => {
  const journey = new DeviceJourney();
  const state = new SystemState();

  beforeAll(async () => {
    await journey.registered(ns, device);
    await journey.enrolPending(ns, pending);
    const { management } = journey;
    for (const [path, body] of [
      [`/namespaces/${ns}/configmaps/cm`, { data: { a: 'b' } }],
      [`/namespaces/${ns}/secrets/sec`, { stringData: { a: 'b' } }],
      [`/namespaces/${ns}/device-sets/set`, { heartbeat: { periodSeconds: 30 } }],
      [`/namespaces/${ns}/workloads/web`, WORKLOAD],
    ] as const) {
      expect((await management.request('PUT', path, body)).status).toBe(201);
    }
    await state.settled();
  }, 120_000);

  afterAll(async () => {
    await state.close();
  });

  const send = (c: HostileRequest) =>
    rawRequest(c.api === 'edge' ? inject('gatewayUrl') : inject('configServiceUrl'), c.method, c.path, {
      headers: { ...(c.api === 'management' ? bearer('admin') : {}), ...c.headers },
      body: c.body,
    });

  const corpus = [
    ...edgePathCases(target),
    ...edgeBodyCases(target),
    ...envelopeCases(target),
    ...managementPathCases(target),
    ...managementBodyCases(target),
    ...selectorCases(target),
    ...applyCases(target),
  ];

  it.each(corpus.map((c) => [`${c.name}: ${c.status}`, c] as const))(
    '%s, and nothing changes',
    async (_, c) => {
      const before = await state.digest();
      const res = await send(c);
      expect(res.status, res.text).toBe(c.status);
      expect(res.contentType).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({
        statusCode: c.status,
        code: c.code ?? expect.any(String),
        message: expect.any(String),
      });
      expect(await state.digest()).toEqual(before);
    },
  );

  it('notices a change: a valid heartbeat and a valid write change the digest', async () => {
    const before = await state.digest();
    const heartbeat = await send({
      name: 'a valid heartbeat',
      api: 'edge',
      method: 'PUT',
      path: `${EDGE_BASE}/namespaces/${ns}/devices/${device}/heartbeat`,
      headers: JSON_TYPE,
      body: json(heartbeatBody()),
      status: 200,
    });
    expect(heartbeat.status).toBe(200);
    const afterHeartbeat = await state.digest();
    expect(afterHeartbeat[TOPICS.heartbeatReceived]).not.toBe(before[TOPICS.heartbeatReceived]);
    const configMap = await journey.management.request('PUT', `/namespaces/${ns}/configmaps/cm`, {
      data: { a: 'changed' },
    });
    expect(configMap.status).toBe(200);
    expect((await state.digest()).config_map).not.toBe(afterHeartbeat.config_map);
  });

  it('leaves both APIs alive and Object.prototype clean, even after deep YAML again and again', async () => {
    // Before the CST depth check, the yaml composer's stack overflow made V8 abort the process on a repeat.
    for (let i = 0; i < 3; i++) {
      const deep = await send({
        name: 'deep YAML',
        api: 'management',
        method: 'POST',
        path: `/api/v1/apply?namespace=${ns}`,
        headers: { 'content-type': 'application/yaml' },
        body: `a: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`,
        status: 400,
      });
      expect(deep.status).toBe(400);
    }
    for (const url of [inject('gatewayUrl'), inject('configServiceUrl')]) {
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('still takes what the Edge API sends: upper-case device IDs of 253 characters', async () => {
    const id = `Edge_Host.${'A'.repeat(243)}`;
    const res = await journey.edge.registrationStatus('default', id);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 'unknown' });
  });
});

describe('NULs in what a device reports', () => {
  const journey = new DeviceJourney();

  it('are dropped, not refused: the Edge API forwards whatever a device sends, and the registry stores it', async () => {
    const id = newDeviceId('nul');
    const res = await journey.edge.enrol(ns, id, {
      features: { modelName: 'r\u0000pi', hardware: { hostname: 'host\u0000-1' } },
      target_namespace: ns,
    });
    expect(res.status).toBe(201);
    await journey.waitForState(ns, id, 'pending');
    const db = testPool();
    try {
      const row = await waitFor(async () => {
        const { rows } = await db.query<{ enrolment_info: unknown; hardware: unknown }>(
          'SELECT enrolment_info, hardware FROM device WHERE device_id = $1',
          [id],
        );
        return rows[0];
      });
      expect(row.enrolment_info).toMatchObject({ features: { modelName: 'rpi' } });
      expect(row.hardware).toEqual({ hostname: 'host-1' });
    } finally {
      await db.end();
    }
  });
});
