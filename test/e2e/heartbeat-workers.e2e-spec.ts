import { TOPICS } from '@lib/contracts';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { heartbeatBody, newDeviceId, newNamespace } from '../factories/device.factory';
import { type RunningApp, startApp } from '../support/apps';
import { testPool } from '../support/db';
import { heartbeatMessage } from '../support/internal-heartbeat';
import { KafkaProbe } from '../support/kafka-probe';
import { TEST_PORTS, appEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const DEVICES = 60;
const PER_DEVICE = 20;

async function handled(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text().catch(() => '');
  const line = text.split('\n').find((l) => l.startsWith('heartbeat_batch_size_sum '));
  return line ? Number(line.split(' ')[1]) : 0;
}

describe('two heartbeat workers in one consumer group', () => {
  const probe = new KafkaProbe();
  let db: Pool;
  let second: RunningApp;

  beforeAll(async () => {
    db = testPool();
    await probe.watch([TOPICS.deviceHeartbeat]);
    second = await startApp('heartbeat-worker', TEST_PORTS.secondHeartbeatWorker, appEnv(), {
      logName: 'heartbeat-worker-2',
    });
  });

  afterAll(async () => {
    await second?.stop();
    await probe.close();
    await db.end();
  });

  it('share the partitions, and one stopped mid-stream loses nothing and doubles nothing', async () => {
    const ns = newNamespace();
    const devices = Array.from({ length: DEVICES }, () => ({ deviceId: newDeviceId('pair'), namespace: ns }));
    const start = Date.now();
    const messages = (from: number, to: number): { key: string; value: string }[] =>
      Array.from({ length: to - from }, (_, k) => from + k).flatMap((n) =>
        devices.map((d, i) =>
          heartbeatMessage(
            d,
            new Date(start + n * 1000 + i),
            heartbeatBody(String(n), { events: [{ reason: `n${n}`, type: 'info' }] }),
          ),
        ),
      );
    const firstWorker = inject('heartbeatWorkerUrl');
    const [firstBefore, secondBefore] = [await handled(firstWorker), await handled(second.url)];

    await probe.produceBatch(TOPICS.heartbeatReceived, messages(0, PER_DEVICE / 2));
    await waitFor(
      async () => (await handled(second.url)) > secondBefore && (await handled(firstWorker)) > firstBefore,
      {
        what: 'both workers handling heartbeats',
      },
    );
    // Stopped while the second half streams in: it finishes and commits its batch, its partitions move over.
    await Promise.all([
      second.stop(),
      probe.produceBatch(TOPICS.heartbeatReceived, messages(PER_DEVICE / 2, PER_DEVICE)),
    ]);

    const ids = devices.map((d) => d.deviceId);
    await waitFor(
      async () => {
        const { rows } = await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM device_status WHERE device_id = ANY($1) AND config_version = $2`,
          [ids, String(PER_DEVICE - 1)],
        );
        return Number(rows[0].n) === DEVICES;
      },
      { what: 'every device at its last heartbeat', timeoutMs: 60_000 },
    );
    const events = await db.query<{ n: string; distinct_reasons: string }>(
      `SELECT count(*) AS n, count(DISTINCT (device_id, reason)) AS distinct_reasons FROM device_event WHERE device_id = ANY($1)`,
      [ids],
    );
    expect(Number(events.rows[0].n)).toBe(DEVICES * PER_DEVICE);
    expect(Number(events.rows[0].distinct_reasons)).toBe(DEVICES * PER_DEVICE);

    const downstream = await probe.waitForMessages(
      (m) => m.topic === TOPICS.deviceHeartbeat && (m.key ?? '').startsWith(`${ns}/`),
      DEVICES * PER_DEVICE,
      'every recorded heartbeat downstream',
    );
    const eventIds = downstream.map((m) => (JSON.parse(m.value ?? '{}') as { eventId: string }).eventId);
    expect(new Set(eventIds).size).toBe(DEVICES * PER_DEVICE);
    expect(eventIds).toHaveLength(DEVICES * PER_DEVICE);
  });
});
