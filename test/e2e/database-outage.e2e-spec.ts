import type { AppConfig } from '@lib/config';
import { READ_HEADER_BYTES, READ_STATUS } from '@lib/contracts';
import { DatabaseWatch, dataSourceOptions } from '@lib/database';
import { isDatabaseUnavailable } from '@lib/platform';
import { connect } from 'node:net';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDeviceId, newNamespace } from '../factories/device.factory';
import { type RunningApp, startApp } from '../support/apps';
import { bearer } from '../support/auth';
import { printFigure } from '../support/figure';
import { type PrivateDependency, startPrivatePostgres } from '../support/private-dependency';
import { readPortHandshake } from '../support/read-port';
import { TEST_PORTS, TEST_READ_SECRET, appEnv, testConfig } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const DB_NAME = 'flotta_outage';

/** One configuration read over the config service's read port, the way the gateway makes it. */
function readConfiguration(
  namespace: string,
  deviceId: string,
): Promise<{ status: number; payload: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(TEST_PORTS.dbOutageConfigServiceTcp, '127.0.0.1');
    let received = Buffer.alloc(0);
    socket.setTimeout(15_000, () => socket.destroy(new Error('no answer on the read port')));
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= READ_HEADER_BYTES) {
        const length = received.readUInt32BE(5);
        if (received.length >= READ_HEADER_BYTES + length) {
          socket.destroy();
          resolve({
            status: received.readUInt8(4),
            payload: received.subarray(READ_HEADER_BYTES, READ_HEADER_BYTES + length).toString('utf8'),
          });
        }
      }
    });
    // The read port takes the shared secret first, as from the gateway.
    socket.write(
      `${readPortHandshake(TEST_READ_SECRET)}\n${JSON.stringify({ id: 1, op: 'configuration', namespace, deviceId })}\n`,
    );
  });
}

/**
 * A config service on a PostgreSQL of its own, which the test kills, restarts and freezes: the management API
 * answers 503 DATABASE_UNAVAILABLE with Retry-After (never 500, never a hang), configuration answers held in memory
 * keep being served, and everything heals by itself.
 */
describe('config service while its database is dead or frozen', () => {
  let postgres: PrivateDependency;
  let service: RunningApp;
  const ns = newNamespace();
  const deviceId = newDeviceId();
  const db = { ...testConfig().db, port: TEST_PORTS.privatePostgres, name: DB_NAME };
  const devices = async () => {
    const started = Date.now();
    const res = await fetch(`${service.url}/api/v1/namespaces/${ns}/devices`, { headers: bearer('admin') });
    const body = (await res.json()) as { code?: string };
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body, ms: Date.now() - started };
  };

  beforeAll(async () => {
    postgres = await startPrivatePostgres('postgres-outage', TEST_PORTS.privatePostgres, DB_NAME);
    const setup = new DataSource(dataSourceOptions(db, 'test-setup'));
    await setup.initialize();
    await setup.runMigrations({ transaction: 'each' });
    await setup.destroy();
    const client = new Client({ host: db.host, port: db.port, user: db.user, database: DB_NAME });
    await client.connect();
    await client.query(
      `INSERT INTO device_view (device_id, namespace, requested_namespace, state, revision, enrolled_at)
       VALUES ($1, $2, $2, 'approved', 1, now())`,
      [deviceId, ns],
    );
    await client.query(
      `INSERT INTO device_configuration (device_id, namespace, version, content, rendered_at, announced)
       VALUES ($1, $2, 1, $3, now(), true)`,
      [deviceId, ns, JSON.stringify({ device_id: deviceId, version: '1', configuration: { heartbeat: {} } })],
    );
    await client.end();
    service = await startApp(
      'config-service',
      TEST_PORTS.dbOutageConfigService,
      {
        ...appEnv(),
        DB_PORT: String(TEST_PORTS.privatePostgres),
        DB_NAME,
        DB_STATEMENT_TIMEOUT_MS: '2000',
        DB_CONNECT_TIMEOUT_MS: '1000',
        // Its own consumer group and read port: the shared config service must not lose its partitions to it.
        KAFKA_GROUP_ID: `config-service-db-outage-${ns}`,
        KAFKA_CLIENT_ID: 'config-service-db-outage',
        CONFIG_SERVICE_TCP_PORT: String(TEST_PORTS.dbOutageConfigServiceTcp),
      },
      { logName: 'config-service-db-outage' },
    );
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await postgres?.stop();
  });

  it('serves configuration answers from memory and answers the management API 503 while the database is dead', async () => {
    const before = await readConfiguration(ns, deviceId);
    expect(before.status).toBe(READ_STATUS.ok);
    expect(JSON.parse(before.payload)).toMatchObject({ device_id: deviceId });
    expect((await devices()).status).toBe(200);

    await postgres.kill();
    const refused = await waitFor(
      async () => {
        const res = await devices();
        expect(res.status).not.toBe(500);
        return res.status === 503 ? res : false;
      },
      { what: 'the management API to answer 503 with the database dead' },
    );
    expect(refused.retryAfter).toMatch(/^\d+$/);
    expect(refused.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    printFigure(`dead database: management API answered 503 in ${refused.ms} ms`);
    // Still ready, so that a Service keeps sending it the reads it can answer; the outage is reported.
    const ready = await fetch(`${service.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ info: { database: { status: 'up', dependency: 'down' } } });

    const during = await readConfiguration(ns, deviceId);
    expect(during.status).toBe(READ_STATUS.ok);
    expect(during.payload).toBe(before.payload);
    // What is not in memory cannot be answered.
    expect((await readConfiguration(ns, newDeviceId())).status).toBe(READ_STATUS.failed);

    await postgres.start();
    const since = Date.now();
    await waitFor(async () => (await devices()).status === 200, {
      timeoutMs: 30_000,
      what: 'the management API to heal after the restart',
    });
    printFigure(`2xx again ${Date.now() - since} ms after the restart`);
    // Its pool and its consumer healed too, with no hand.
    await waitFor(
      async () => {
        const res = await fetch(`${service.url}/health/ready`);
        const body = (await res.json()) as { info?: Record<string, { dependency?: string }> };
        return (
          res.status === 200 &&
          body.info?.database?.dependency === 'up' &&
          body.info.consumer?.dependency === 'up'
        );
      },
      {
        timeoutMs: 30_000,
        what: 'the config service reporting its database and consumer up again',
      },
    );
  });

  it('answers 503 within its bounds, never hangs, while the database is frozen', async () => {
    await waitFor(async () => (await devices()).status === 200, { what: 'a healthy management API' });
    postgres.freeze();
    try {
      const res = await devices();
      expect(res.status).toBe(503);
      expect(res.retryAfter).toMatch(/^\d+$/);
      expect(res.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      printFigure(`frozen database: management API answered 503 in ${res.ms} ms`);
    } finally {
      postgres.thaw();
    }
    await waitFor(async () => (await devices()).status === 200, { what: 'the management API after SIGCONT' });
  });

  it('serves from memory during an outage the change it had announced just before', async () => {
    await waitFor(async () => (await devices()).status === 200, { what: 'a healthy management API' });
    const refilled = async () => {
      const text = await (await fetch(`${service.url}/metrics`)).text();
      return Number(/configuration_answers_cache\{measure="refilled"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    const client = new Client({ host: db.host, port: db.port, user: db.user, database: DB_NAME });
    await client.connect();
    const notify = () => client.query(`SELECT pg_notify('device_configuration_changed', $1)`, [deviceId]);
    const changed = {
      device_id: deviceId,
      version: '2',
      configuration: { heartbeat: { period_seconds: 30 } },
    };
    try {
      // The listener may still be reconnecting after the freeze: the answer is read into memory and announced
      // until a refill shows that announcements arrive.
      let count = await refilled();
      await waitFor(
        async () => {
          expect((await readConfiguration(ns, deviceId)).status).toBe(READ_STATUS.ok);
          await notify();
          return (await refilled()) > count;
        },
        { intervalMs: 500, what: 'the listener taking announcements' },
      );
      // A change as the renderer commits it: the new version, and the notification that evicts the old answer.
      count = await refilled();
      await client.query(`UPDATE device_configuration SET version = 2, content = $2 WHERE device_id = $1`, [
        deviceId,
        JSON.stringify(changed),
      ]);
      await notify();
      // Read back into memory by the service itself: no device asked for it.
      await waitFor(async () => (await refilled()) > count, { what: 'the changed answer refilled' });
    } finally {
      await client.end();
    }

    await postgres.kill();
    try {
      const during = await readConfiguration(ns, deviceId);
      expect(during.status).toBe(READ_STATUS.ok);
      expect(JSON.parse(during.payload)).toMatchObject({
        version: '2',
        configuration: changed.configuration,
      });
    } finally {
      await postgres.start();
    }
    await waitFor(async () => (await devices()).status === 200, {
      timeoutMs: 30_000,
      what: 'the management API after the restart',
    });
  });

  it('fails a query waiting on a frozen database once the watch misses an answer, and heals after SIGCONT', async () => {
    const settings = { ...db, connectTimeoutMs: 1000 };
    // Statements unbounded: only the watch can end a query the frozen server never answers.
    const source = new DataSource(dataSourceOptions(settings, 'test-watch', { boundStatements: false }));
    await source.initialize();
    const watch = new DatabaseWatch(source, { app: 'config-service', db: settings } as unknown as AppConfig);
    watch.onApplicationBootstrap();
    try {
      await source.query('SELECT 1');
      postgres.freeze();
      try {
        const outcome = await Promise.race([
          source.query('SELECT 1').then(
            () => 'answered',
            (error: unknown) => error,
          ),
          new Promise((resolve) => setTimeout(() => resolve('still waiting'), 15_000)),
        ]);
        expect(isDatabaseUnavailable(outcome)).toBe(true);
        expect(watch.responsive).toBe(false);
        // Meanwhile the pool opens no connection: a query fails at once (08001, the gate's refusal) instead of
        // leaving one more connection attempt in the frozen server's backlog.
        const refused = await source.query('SELECT 1').catch((error: unknown) => error);
        expect(isDatabaseUnavailable(refused)).toBe(true);
        expect(
          (refused as { code?: string }).code ??
            (refused as { driverError?: { code?: string } }).driverError?.code,
        ).toBe('08001');
      } finally {
        postgres.thaw();
      }
      await waitFor(() => watch.responsive, { what: 'the watch seeing answers again' });
      await waitFor(
        () =>
          source.query('SELECT 1').then(
            () => true,
            () => false,
          ),
        {
          what: 'the pool connecting afresh',
        },
      );
    } finally {
      await watch.onApplicationShutdown();
      await source.destroy();
    }
  });
});
