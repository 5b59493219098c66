import { TOPICS } from '@lib/contracts';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { heartbeatBody, newDeviceId, newNamespace } from '../factories/device.factory';
import { type RunningApp, startApp } from '../support/apps';
import { testPool } from '../support/db';
import { printFigure } from '../support/figure';
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

  /** Heartbeats `from` to `to` (exclusive) of every device, each with its own event. */
  const messagesOf =
    (devices: { deviceId: string; namespace: string }[], start: number) =>
    (from: number, to: number): { key: string; value: string }[] =>
      Array.from({ length: to - from }, (_, k) => from + k).flatMap((n) =>
        devices.map((d, i) =>
          heartbeatMessage(
            d,
            new Date(start + n * 1000 + i),
            heartbeatBody(String(n), { events: [{ reason: `n${n}`, type: 'info' }] }),
          ),
        ),
      );

  /** Every heartbeat recorded once in the database and published once downstream, however the replicas fared. */
  async function expectEachRecordedOnce(ns: string, devices: { deviceId: string }[]): Promise<string[]> {
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
    // A killed replica's uncommitted batch comes back: downstream it may repeat, with the same eventId.
    expect(new Set(eventIds).size).toBe(DEVICES * PER_DEVICE);
    return eventIds;
  }

  it('share the partitions, and one stopped mid-stream loses nothing and doubles nothing', async () => {
    const ns = newNamespace();
    const devices = Array.from({ length: DEVICES }, () => ({ deviceId: newDeviceId('pair'), namespace: ns }));
    const messages = messagesOf(devices, Date.now());
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
    // It drained and exited by itself (graceful shutdown), not by the signal's default action.
    expect(second.process.exitCode).toBe(0);
    // A clean stop commits what it handled: nothing is repeated downstream either.
    expect(await expectEachRecordedOnce(ns, devices)).toHaveLength(DEVICES * PER_DEVICE);
  });

  it('keep every event flowing when one is SIGKILLed and restarted at once', async () => {
    const ns = newNamespace();
    const devices = Array.from({ length: DEVICES }, () => ({ deviceId: newDeviceId('kill'), namespace: ns }));
    const messages = messagesOf(devices, Date.now());
    const env = appEnv();
    second = await startApp('heartbeat-worker', TEST_PORTS.secondHeartbeatWorker, env, {
      logName: 'heartbeat-worker-2',
    });
    const secondBefore = await handled(second.url);
    await probe.produceBatch(TOPICS.heartbeatReceived, messages(0, PER_DEVICE / 2));
    await waitFor(async () => (await handled(second.url)) > secondBefore, {
      what: 'the second worker handling',
    });

    // No leave-group: its partitions wait for the session timeout (KAFKA_SESSION_TIMEOUT_MS), and the restarted
    // replica's join must not stall the survivor meanwhile.
    const killedAt = Date.now();
    const killed = new Promise((resolve) => second.process.once('exit', resolve));
    second.process.kill('SIGKILL');
    await killed;
    await probe.produceBatch(TOPICS.heartbeatReceived, messages(PER_DEVICE / 2, PER_DEVICE));
    second = await startApp('heartbeat-worker', TEST_PORTS.secondHeartbeatWorker, env, {
      logName: 'heartbeat-worker-2',
    });
    await expectEachRecordedOnce(ns, devices);
    printFigure(`SIGKILL to every heartbeat recorded: ${Date.now() - killedAt} ms`);
  });
});
