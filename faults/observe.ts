import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { APPS } from '../bench/system';
import type { FaultsOptions } from './options';

/** The consumer groups of the run: one per app that consumes, shared by its two replicas. */
const GROUPS = APPS.filter((a) => a !== 'gateway');

/** Messages not yet consumed, summed over every consumer group and partition (committed offsets). */
export async function consumerLag(brokers: string[]): Promise<number> {
  const kafka = new Kafka({
    clientId: 'faults-lag',
    brokers,
    logLevel: logLevel.NOTHING,
    // Not retries: 0, with which kafkajs's admin fails its first metadata request ("No brokers in the broker pool").
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
    connectionTimeout: 1000,
    requestTimeout: 3000,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map<string, Map<number, number>>();
    let lag = 0;
    for (const groupId of GROUPS) {
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
        if (!ends.has(topic)) {
          const offsets = await admin.fetchTopicOffsets(topic);
          ends.set(topic, new Map(offsets.map((p) => [p.partition, Number(p.high)])));
        }
        for (const p of partitions) {
          const end = ends.get(topic)?.get(p.partition) ?? 0;
          const committed = Number(p.offset);
          lag += Math.max(0, end - (committed < 0 ? 0 : committed));
        }
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

/**
 * How long heartbeats answered 2xx take to show in the read model (device_status.last_seen_at at or after the
 * moment the heartbeat was sent), polled every 500 ms; a database that does not answer only delays the figure.
 * `delays` holds [answered at, delay in ms] for every heartbeat seen.
 */
export class DelayProbe {
  readonly delays: [number, number][] = [];
  private readonly pending = new Map<string, { sentAt: number; answeredAt: number }>();
  private readonly db: Pool;
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(o: FaultsOptions) {
    this.db = new Pool({ ...o.db, max: 1, connectionTimeoutMillis: 1000, query_timeout: 2000 });
    this.db.on('error', () => undefined);
  }

  /** A heartbeat of `device` sent at `sentAt` was answered 2xx at `answeredAt`. */
  answered(device: string, sentAt: number, answeredAt: number): void {
    // The oldest unseen heartbeat of a device is the one whose delay counts; later ones are seen with it.
    if (!this.pending.has(device)) {
      this.pending.set(device, { sentAt, answeredAt });
    }
  }

  start(): void {
    this.timer = setInterval(() => void this.poll(), 500);
    this.timer.unref();
  }

  /** The oldest heartbeat still unseen: how long it has waited so far (0 when none waits). */
  oldestWaitingMs(): number {
    let oldest = 0;
    for (const p of this.pending.values()) {
      oldest = Math.max(oldest, Date.now() - p.answeredAt);
    }
    return oldest;
  }

  private async poll(): Promise<void> {
    if (this.polling || this.pending.size === 0) {
      return;
    }
    this.polling = true;
    try {
      const { rows } = await this.db.query<{ device_id: string; seen: string }>(
        `SELECT device_id, (extract(epoch FROM last_seen_at) * 1000)::bigint::text AS seen
         FROM device_status WHERE device_id = ANY($1)`,
        [[...this.pending.keys()]],
      );
      const now = Date.now();
      for (const row of rows) {
        const p = this.pending.get(row.device_id);
        // The gateway stamps receivedAt after the request was sent, on the same clock.
        if (p && Number(row.seen) >= p.sentAt - 5) {
          this.delays.push([p.answeredAt, now - p.answeredAt]);
          this.pending.delete(row.device_id);
        }
      }
    } catch {
      // The database is down or frozen: the heartbeats stay pending and their delay grows.
    } finally {
      this.polling = false;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.db.end().catch(() => undefined);
  }
}
