import { type HeartbeatRecordedEvent, TOPICS } from '@lib/contracts';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { heartbeatBody, newDeviceId, newNamespace } from '../factories/device.factory';
import { testPool } from '../support/db';
import { DeviceJourney } from '../support/device-journey';
import { heartbeatMessage, produceHeartbeat } from '../support/internal-heartbeat';
import { KafkaProbe, type SeenMessage } from '../support/kafka-probe';
import { waitFor } from '../support/wait-for';

interface StatusRow {
  status: string | null;
  config_version: string | null;
  workloads: unknown[] | null;
  hardware: Record<string, unknown> | null;
  presence: string;
  last_seen_at: Date;
}

async function metric(name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${inject('heartbeatWorkerUrl')}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`) || l.startsWith(`${name} `));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('heartbeat recording', () => {
  const journey = new DeviceJourney();
  const { edge, management } = journey;
  const probe = new KafkaProbe();
  let db: Pool;

  const status = async (deviceId: string): Promise<StatusRow | undefined> =>
    (await db.query<StatusRow>('SELECT * FROM device_status WHERE device_id = $1', [deviceId])).rows[0];
  const eventCount = async (deviceId: string): Promise<number> =>
    Number(
      (
        await db.query<{ n: string }>('SELECT count(*) AS n FROM device_event WHERE device_id = $1', [
          deviceId,
        ])
      ).rows[0].n,
    );

  const knownVersion = async (deviceId: string): Promise<string | undefined> =>
    (
      await db.query<{ version: string }>(
        'SELECT version::text FROM desired_configuration WHERE device_id = $1',
        [deviceId],
      )
    ).rows[0]?.version;

  beforeAll(async () => {
    db = testPool();
    await probe.watch([
      TOPICS.deviceHeartbeat,
      TOPICS.deviceLifecycle,
      TOPICS.heartbeatReceived,
      TOPICS.deviceConfigurationChanged,
    ]);
  });

  afterAll(async () => {
    await probe.close();
    await db.end();
  });

  it('writes heartbeats in batches, not one statement per heartbeat', async () => {
    const batchesBefore = await metric('heartbeat_batch_size_count', '');
    const handledBefore = await metric('heartbeat_batch_size_sum', '');
    const ns = newNamespace();
    const devices = Array.from({ length: 40 }, () => ({ deviceId: newDeviceId('batch'), namespace: ns }));
    const start = Date.now();
    await Promise.all(
      devices.flatMap((d, i) =>
        [0, 1, 2, 3, 4].map((n) =>
          produceHeartbeat(probe, d, new Date(start + n * 1000 + i), heartbeatBody(String(n))),
        ),
      ),
    );
    const atLastVersion = async (): Promise<number> => {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM device_status WHERE device_id = ANY($1) AND config_version = '4'`,
        [devices.map((d) => d.deviceId)],
      );
      return Number(rows[0].n);
    };
    await waitFor(async () => (await atLastVersion()) === 40, { what: 'every device at its last heartbeat' });
    await waitFor(async () => (await metric('heartbeat_batch_size_sum', '')) >= handledBefore + 200, {
      what: '200 heartbeats counted',
    });
    const batches = (await metric('heartbeat_batch_size_count', '')) - batchesBefore;
    expect(batches).toBeGreaterThan(0);
    expect(batches).toBeLessThan(200);
  });

  it('records a redelivered heartbeat once, and one older than the last recorded without its status', async () => {
    const device = { deviceId: newDeviceId('order'), namespace: newNamespace() };
    const t0 = Date.now();
    const first = await produceHeartbeat(
      probe,
      device,
      new Date(t0 + 2000),
      heartbeatBody('2', { status: 'up', events: [{ message: 'first', reason: 'R', type: 'info' }] }),
    );
    await waitFor(() => status(device.deviceId), { what: 'first heartbeat recorded' });
    await produceHeartbeat(probe, device, new Date(t0 + 2000), heartbeatBody('2', { status: 'up' }), first);
    // Received earlier, consumed later: a slow gateway stamps a heartbeat after the next one, which the device sent
    // to another gateway. Both were acknowledged, so both are kept; the status stays the newer one's.
    const older = await produceHeartbeat(
      probe,
      device,
      new Date(t0 + 1000),
      heartbeatBody('1', { status: 'degraded', events: [{ message: 'older', reason: 'R', type: 'info' }] }),
    );
    await waitFor(async () => (await eventCount(device.deviceId)) >= 2, {
      what: 'the older heartbeat recorded',
    });
    const { rows } = await db.query<{ heartbeat_id: string; message: string }>(
      'SELECT heartbeat_id, message FROM device_event WHERE device_id = $1 ORDER BY received_at',
      [device.deviceId],
    );
    expect(rows).toEqual([
      { heartbeat_id: older, message: 'older' },
      { heartbeat_id: first, message: 'first' },
    ]);
    expect(await status(device.deviceId)).toMatchObject({ status: 'up', config_version: '2' });
    const ofDevice = (m: SeenMessage) =>
      m.topic === TOPICS.deviceHeartbeat && m.key === `${device.namespace}/${device.deviceId}`;
    // The probe consumes on its own schedule: once the older one is seen downstream, so is everything published
    // before it on that partition (the redelivery, had it been published again).
    await probe.waitForMessages(
      (m) => ofDevice(m) && m.value?.includes(older) === true,
      1,
      'the older one downstream',
    );
    const downstream = probe
      .messages(ofDevice)
      .map((m) => (JSON.parse(m.value ?? '{}') as HeartbeatRecordedEvent).eventId);
    expect(downstream).toEqual([first, older]);
  });

  it('merges a delta hardware report into the full profile', async () => {
    const device = { deviceId: newDeviceId('hw'), namespace: newNamespace() };
    const t0 = Date.now();
    const full = {
      hostname: 'h1',
      cpu: { architecture: 'aarch64', count: 4 },
      memory: { physical_bytes: 100, usable_bytes: 50 },
      disks: null,
    };
    await produceHeartbeat(probe, device, new Date(t0), heartbeatBody('1', { hardware: full }));
    await produceHeartbeat(
      probe,
      device,
      new Date(t0 + 1000),
      heartbeatBody('2', { hardware: { memory: { physical_bytes: 100, usable_bytes: 20 } } }),
    );
    const row = await waitFor(async () => {
      const s = await status(device.deviceId);
      return s?.config_version === '2' ? s : undefined;
    });
    expect(row.hardware).toEqual({ ...full, memory: { physical_bytes: 100, usable_bytes: 20 } });
  });

  it.each([
    ['record', { workloads: true, events: 1, downstream: 1 }],
    ['status-only', { workloads: false, events: 0, downstream: 1 }],
  ] as const)('applies the %s policy', async (policy, expected) => {
    const ns = newNamespace();
    expect((await management.request('PUT', `/namespaces/${ns}/recording-policy`, { policy })).status).toBe(
      200,
    );
    const deviceId = newDeviceId();
    await journey.registered(ns, deviceId);
    expect((await edge.heartbeat(ns, deviceId, heartbeatBody('7'))).status).toBe(200);
    const row = await waitFor(() => status(deviceId), { what: 'heartbeat recorded' });
    expect(row.status).toBe('up');
    expect(row.workloads !== null).toBe(expected.workloads);
    expect(row.config_version !== null).toBe(expected.workloads);
    expect(await eventCount(deviceId)).toBe(expected.events);
    await probe.waitForMessages(
      (m) => m.topic === TOPICS.deviceHeartbeat && m.key === `${ns}/${deviceId}`,
      expected.downstream,
    );
    const view = await management.device<{ presence: string; workloads: unknown }>(ns, deviceId);
    expect(view.body.presence).toBe('online');
  });

  it('applies the ignore policy: answers 200, and nothing reaches Kafka, the database or downstream', async () => {
    const ns = newNamespace();
    await management.request('PUT', `/namespaces/${ns}/recording-policy`, { policy: 'ignore' });
    expect((await management.request('GET', `/namespaces/${ns}/recording-policy`)).body).toEqual({
      namespace: ns,
      policy: 'ignore',
      stored: true,
    });
    const deviceId = newDeviceId();
    await journey.registered(ns, deviceId);
    expect((await edge.heartbeat(ns, deviceId, heartbeatBody('ignored-1'))).status).toBe(200);

    // Back to recording: a later heartbeat of the same device follows the ignored one on the same partition,
    // so once it is seen, the ignored one would have been seen before it.
    await management.request('DELETE', `/namespaces/${ns}/recording-policy`);
    let attempt = 0;
    await waitFor(
      async () => {
        expect((await edge.heartbeat(ns, deviceId, heartbeatBody(`recorded-${attempt++}`))).status).toBe(200);
        return (await status(deviceId))?.config_version?.startsWith('recorded-');
      },
      { what: 'a heartbeat recorded after the policy change', intervalMs: 300 },
    );
    const internal = probe.messages((m) => m.topic === TOPICS.heartbeatReceived && m.key === deviceId);
    expect(internal.length).toBeGreaterThan(0);
    expect(internal.some((m) => m.value?.includes('ignored-1'))).toBe(false);
    const downstream = probe.messages(
      (m) => m.topic === TOPICS.deviceHeartbeat && m.key === `${ns}/${deviceId}`,
    );
    expect(downstream.some((m) => m.value?.includes('ignored-1'))).toBe(false);
  });

  it('shows the reported events on the device, newest first, page by page', async () => {
    const ns = newNamespace();
    const deviceId = newDeviceId();
    await journey.registered(ns, deviceId);
    const events = [1, 2, 3].map((i) => ({
      reason: `R${i}`,
      message: `event ${i}`,
      type: i === 3 ? 'warn' : 'info',
    }));
    expect((await edge.heartbeat(ns, deviceId, heartbeatBody('1', { events }))).status).toBe(200);
    await waitFor(async () => (await eventCount(deviceId)) === 3);
    const page1 = await management.request<{ items: { reason: string }[]; nextCursor: string }>(
      'GET',
      `/namespaces/${ns}/devices/${deviceId}/events?limit=2`,
    );
    const page2 = await management.request<{ items: { reason: string }[]; nextCursor: null }>(
      'GET',
      `/namespaces/${ns}/devices/${deviceId}/events?limit=2&cursor=${page1.body.nextCursor}`,
    );
    expect([...page1.body.items, ...page2.body.items].map((e) => e.reason)).toEqual(['R3', 'R2', 'R1']);
    expect(page2.body.nextCursor).toBeNull();
  });

  it('turns a silent device late, then offline, then online again, publishing each change', async () => {
    const ns = newNamespace();
    const deviceId = newDeviceId();
    // A one-second heartbeat period: late after 2 s, offline after 5 s of silence.
    await management.request('PUT', `/namespaces/${ns}/device-sets/fast`, {
      heartbeat: { periodSeconds: 1 },
    });
    await journey.registered(ns, deviceId, { labels: { 'flotta/member-of': 'fast' } });
    await waitFor(async () => {
      const res = await edge.configuration(ns, deviceId);
      const message = res.body as {
        'device-configuration': { configuration: { heartbeat: { period_seconds: number } } };
      };
      return message['device-configuration'].configuration.heartbeat.period_seconds === 1;
    });
    expect((await edge.heartbeat(ns, deviceId, heartbeatBody('1'))).status).toBe(200);
    const presence = async (): Promise<string | undefined> =>
      (await management.device<{ presence: string }>(ns, deviceId)).body.presence;
    await waitFor(async () => (await presence()) === 'late', { what: 'late', timeoutMs: 15_000 });
    const late = await management.request<{ items: { deviceId: string }[] }>(
      'GET',
      `/namespaces/${ns}/devices?presence=late`,
    );
    expect(late.body.items.map((d) => d.deviceId)).toEqual([deviceId]);
    await waitFor(async () => (await presence()) === 'offline', { what: 'offline', timeoutMs: 20_000 });
    expect((await edge.heartbeat(ns, deviceId, heartbeatBody('2'))).status).toBe(200);
    await waitFor(async () => (await presence()) === 'online', { what: 'online again' });
    const changes = await probe.waitForMessages(
      (m) =>
        m.topic === TOPICS.deviceLifecycle &&
        m.key === deviceId &&
        ['online', 'late', 'offline'].includes(m.headers['event-type']),
      4,
      'four presence changes',
    );
    expect(changes.map((m) => m.headers['event-type'])).toEqual(['online', 'late', 'offline', 'online']);
  });

  it('judges presence by the period of the device configuration', async () => {
    const ns = newNamespace();
    const set = await management.request('PUT', `/namespaces/${ns}/device-sets/slow`, {
      heartbeat: { periodSeconds: 30 },
    });
    expect(set.status).toBe(201);
    const deviceId = newDeviceId();
    await journey.registered(ns, deviceId, { labels: { 'flotta/member-of': 'slow' } });
    const config = await waitFor(async () => {
      const res = await edge.configuration(ns, deviceId);
      const message = (
        res.body as { 'device-configuration': { configuration: { heartbeat: { period_seconds: number } } } }
      )['device-configuration'];
      return message.configuration.heartbeat.period_seconds === 30 ? message : undefined;
    });
    expect(config).toBeDefined();
    expect((await edge.heartbeat(ns, deviceId, heartbeatBody('1'))).status).toBe(200);
    const row = await waitFor(async () => {
      const { rows } = await db.query<{ period_seconds: number; late_in: number; offline_in: number }>(
        `SELECT period_seconds, extract(epoch FROM late_at - last_seen_at)::int AS late_in,
                extract(epoch FROM offline_at - last_seen_at)::int AS offline_in
         FROM device_status WHERE device_id = $1`,
        [deviceId],
      );
      // The worker learns the period from device.configuration-changed.v1, maybe after the heartbeat.
      return rows[0]?.period_seconds === 30 ? rows[0] : undefined;
    });
    expect(row).toEqual({ period_seconds: 30, late_in: 60, offline_in: 150 });
  });

  it('judges a silent device by its new period as soon as its configuration changes', async () => {
    const ns = newNamespace();
    const deviceId = newDeviceId();
    await management.request('PUT', `/namespaces/${ns}/device-sets/tuned`, {
      heartbeat: { periodSeconds: 30 },
    });
    await journey.registered(ns, deviceId, { labels: { 'flotta/member-of': 'tuned' } });
    const announced = (period: number) =>
      probe.waitForMessages(
        (m) =>
          m.topic === TOPICS.deviceConfigurationChanged &&
          m.key === deviceId &&
          (JSON.parse(m.value ?? '{}') as { heartbeatPeriodSeconds?: number }).heartbeatPeriodSeconds ===
            period,
        1,
        `the ${period} s period on ${TOPICS.deviceConfigurationChanged}`,
      );
    const [first] = await announced(30);
    expect(JSON.parse(first.value ?? '{}')).toMatchObject({ deviceId, namespace: ns, served: true });
    expect((await edge.heartbeat(ns, deviceId, heartbeatBody('1'))).status).toBe(200);
    const presence = async (): Promise<string | undefined> =>
      (await management.device<{ presence: string }>(ns, deviceId)).body.presence;
    await waitFor(
      async () =>
        (
          await db.query<{ p: number }>(
            'SELECT period_seconds AS p FROM device_status WHERE device_id = $1',
            [deviceId],
          )
        ).rows[0]?.p === 30,
      { what: 'judged by 30 s' },
    );
    expect(await presence()).toBe('online');

    // No heartbeat after this: the one-second period alone makes the device late (2 s), then offline (5 s).
    await management.request('PUT', `/namespaces/${ns}/device-sets/tuned`, {
      heartbeat: { periodSeconds: 1 },
    });
    await announced(1);
    await waitFor(async () => (await presence()) === 'late', {
      what: 'late by the new period',
      timeoutMs: 15_000,
    });
    await waitFor(async () => (await presence()) === 'offline', {
      what: 'offline by the new period',
      timeoutMs: 20_000,
    });
    const { rows } = await db.query<{ heartbeat_period_seconds: number; served: boolean }>(
      'SELECT heartbeat_period_seconds, served FROM desired_configuration WHERE device_id = $1',
      [deviceId],
    );
    expect(rows).toEqual([{ heartbeat_period_seconds: 1, served: true }]);
  });

  it('publishes when a device comes in sync with its configuration and when it falls out', async () => {
    const ns = newNamespace();
    const deviceId = newDeviceId();
    await journey.registered(ns, deviceId);
    const desired = await waitFor(
      async () =>
        (await management.device<{ desiredConfigVersion: string | null }>(ns, deviceId)).body
          .desiredConfigVersion,
    );
    // The worker judges sync by the version it heard of on device.configuration-changed.v1.
    await waitFor(async () => (await knownVersion(deviceId)) === desired, {
      what: 'the worker knows the version',
    });
    expect((await edge.heartbeat(ns, deviceId, heartbeatBody(desired))).status).toBe(200);
    await waitFor(
      async () => (await management.device<{ configInSync: boolean }>(ns, deviceId)).body.configInSync,
      {
        what: 'in sync',
      },
    );
    expect((await edge.heartbeat(ns, deviceId, heartbeatBody(`${desired}-old`))).status).toBe(200);
    const changes = await probe.waitForMessages(
      (m) =>
        m.topic === TOPICS.deviceLifecycle &&
        m.key === deviceId &&
        m.headers['event-type'] === 'sync-changed',
      2,
      'two sync changes',
    );
    expect(changes.map((m) => (JSON.parse(m.value ?? '{}') as { sync: unknown }).sync)).toEqual([
      { inSync: true, reportedVersion: desired, desiredVersion: desired },
      { inSync: false, reportedVersion: `${desired}-old`, desiredVersion: desired },
    ]);
  });

  it('keeps consuming past the fetch size of a partition (more than 1 MB for one device)', async () => {
    const device = { deviceId: newDeviceId('bulk'), namespace: newNamespace() };
    const start = Date.now();
    const padding = 'x'.repeat(600);
    const messages = Array.from({ length: 2500 }, (_, n) =>
      heartbeatMessage(
        device,
        new Date(start + n),
        heartbeatBody(String(n), { events: [{ reason: 'R', message: padding }] }),
      ),
    );
    for (let i = 0; i < messages.length; i += 500) {
      await probe.produceBatch(TOPICS.heartbeatReceived, messages.slice(i, i + 500));
    }
    await waitFor(async () => (await status(device.deviceId))?.config_version === '2499', {
      what: 'the last of 2,500 heartbeats recorded',
      timeoutMs: 60_000,
    });
    expect(await eventCount(device.deviceId)).toBe(2500);
  });

  it('stores what a device sends even with NUL characters and over-long values, and keeps going', async () => {
    const device = { deviceId: newDeviceId('nul'), namespace: newNamespace() };
    const t0 = Date.now();
    await produceHeartbeat(
      probe,
      device,
      new Date(t0),
      heartbeatBody('1', {
        status: `up\u0000${'y'.repeat(100)}`,
        events: [{ reason: 'bad\u0000', type: 'z'.repeat(50) }],
      }),
    );
    await produceHeartbeat(probe, device, new Date(t0 + 1000), heartbeatBody('2'));
    const row = await waitFor(async () => {
      const s = await status(device.deviceId);
      return s?.config_version === '2' ? s : undefined;
    });
    expect(row.status).toBe('up');
    const { rows } = await db.query<{ reason: string; type: string }>(
      `SELECT reason, type FROM device_event WHERE device_id = $1 AND reason LIKE 'bad%'`,
      [device.deviceId],
    );
    expect(rows).toEqual([{ reason: 'bad', type: 'z'.repeat(32) }]);
  });
});
