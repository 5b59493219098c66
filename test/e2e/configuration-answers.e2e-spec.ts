import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newDeviceId, newNamespace } from '../factories/device.factory';
import { testPool } from '../support/db';
import { DeviceJourney } from '../support/device-journey';
import { waitFor } from '../support/wait-for';

type Message = { version: string; workloads: { specification: string }[] };

/**
 * The config service keeps configuration answers in memory, evicted by PostgreSQL notifications at commit: a
 * change must be served as soon as it is announced, a version must never go back, and without the listening
 * connection nothing may be served from memory.
 */
describe('configuration answers kept in memory', () => {
  const journey = new DeviceJourney();
  const { management, edge } = journey;
  let pool: Pool;

  beforeAll(() => {
    pool = testPool();
  });
  afterAll(async () => {
    await pool.end();
  });

  const read = async (ns: string, id: string): Promise<Message> => {
    const res = await edge.configuration(ns, id);
    expect(res.status).toBe(200);
    return (res.body as { 'device-configuration': Message })['device-configuration'];
  };
  const workload = (image: string) => ({
    deviceSelector: { matchLabels: { app: 'answers' } },
    type: 'pod',
    pod: { spec: { containers: [{ name: 'c', image }] } },
  });
  const cacheHits = async (): Promise<number> => {
    const text = await (await fetch(`${inject('configServiceUrl')}/metrics`)).text();
    return Number(/configuration_answers_cache\{measure="hits"\} (\d+)/.exec(text)?.[1] ?? 0);
  };
  const listener = async (): Promise<number | undefined> => {
    const { rows } = await pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
       WHERE application_name = 'config-service-configuration-listener' AND datname = current_database()`,
    );
    return rows[0]?.pid;
  };

  it('serves each change once announced and never an older version after it, reading from memory between changes', async () => {
    const ns = newNamespace();
    const id = newDeviceId();
    await journey.registered(ns, id, { labels: { app: 'answers' } });
    for (const tag of ['1', '2', '3']) {
      const put = await management.request('PUT', `/namespaces/${ns}/workloads/w`, workload(`img:${tag}`));
      expect([200, 201]).toContain(put.status);
      const served = await waitFor(
        async () => {
          const m = await read(ns, id);
          return m.workloads[0]?.specification.includes(`img:${tag}`) ? m : undefined;
        },
        { what: `img:${tag} served` },
      );
      const hitsBefore = await cacheHits();
      for (let i = 0; i < 20; i++) {
        const again = await read(ns, id);
        expect(Number(again.version)).toBeGreaterThanOrEqual(Number(served.version));
        expect(again.workloads[0].specification).toContain(`img:${tag}`);
      }
      expect(await cacheHits()).toBeGreaterThan(hitsBefore);
    }
  });

  it('stops serving a decommissioned device at once', async () => {
    const ns = newNamespace();
    const id = newDeviceId();
    await journey.registered(ns, id, { labels: { app: 'answers' } });
    await read(ns, id);
    await read(ns, id);
    expect((await management.request('DELETE', `/namespaces/${ns}/devices/${id}`)).status).toBe(202);
    await waitFor(async () => (await edge.configuration(ns, id)).status === 404, {
      what: 'the configuration of a decommissioned device refused',
    });
  });

  it('keeps nothing while its listening connection is gone, and serves every change meanwhile', async () => {
    const ns = newNamespace();
    const id = newDeviceId();
    await journey.registered(ns, id, { labels: { app: 'answers' } });
    await management.request('PUT', `/namespaces/${ns}/workloads/w`, workload('img:a'));
    await waitFor(async () => (await read(ns, id)).workloads[0]?.specification.includes('img:a'), {
      what: 'img:a served',
    });
    const pid = await waitFor(listener, { what: 'the config service listening' });
    await pool.query('SELECT pg_terminate_backend($1)', [pid]);
    // Whether or not the replica has noticed yet, the next change must be served: either it reads the database
    // (not listening) or the new listener's start emptied what it had.
    await management.request('PUT', `/namespaces/${ns}/workloads/w`, workload('img:b'));
    await waitFor(async () => (await read(ns, id)).workloads[0]?.specification.includes('img:b'), {
      what: 'img:b served after the listener was lost',
    });
    await waitFor(async () => ((await listener()) ?? pid) !== pid, { what: 'a new listening connection' });
    await management.request('PUT', `/namespaces/${ns}/workloads/w`, workload('img:c'));
    await waitFor(async () => (await read(ns, id)).workloads[0]?.specification.includes('img:c'), {
      what: 'img:c served by the new listener',
    });
  });
});
