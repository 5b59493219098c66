import { AppConfig } from '@lib/config';
import type { Presence } from '@lib/contracts';
import { ADVISORY_LOCKS } from '@lib/database';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PresenceEvents } from './presence-events';

/** Bounds one tick's transaction and publish; the rest follows on the next ticks. */
const TRANSITIONS_PER_TICK = 1000;

interface Row {
  device_id: string;
  namespace: string;
  last_seen_at: Date;
  period_seconds: number;
}

/**
 * Turns devices late or offline when their deadline (`late_at`, `offline_at`, set at each heartbeat from the
 * device's own period) has passed. Each tick reads only the devices past a deadline, through partial indexes:
 * no scan of the fleet. A transition is published before its transaction commits; a failed publish rolls it
 * back and the next tick tries again.
 */
@Injectable()
export class PresenceMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PresenceMonitor.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: PresenceEvents,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => (this.running = undefined));
    }, this.config.presence.checkIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async tick(): Promise<void> {
    try {
      await this.dataSource.transaction(async (manager) => {
        // One replica checks at a time; the others skip the tick.
        const [{ locked }] = await manager.query<{ locked: boolean }[]>(
          'SELECT pg_try_advisory_xact_lock($1) AS locked',
          [ADVISORY_LOCKS.presenceMonitor],
        );
        if (!locked) {
          return;
        }
        const offline = await this.transition(
          manager.query.bind(manager),
          'offline',
          `presence <> 'offline' AND offline_at <= now()`,
        );
        const late = await this.transition(
          manager.query.bind(manager),
          'late',
          `presence = 'online' AND late_at <= now()`,
        );
        await this.events.publish([...offline, ...late]);
      });
    } catch (error) {
      this.logger.error({ err: error, msg: 'Presence check failed; retrying on the next tick' });
    }
  }

  private async transition(
    query: <T>(sql: string, params?: unknown[]) => Promise<T>,
    presence: Presence,
    condition: string,
  ): Promise<
    { deviceId: string; namespace: string; presence: Presence; lastSeenAt: Date; periodSeconds: number }[]
  > {
    const [rows] = await query<[Row[], number]>(
      `UPDATE device_status SET presence = $1, updated_at = now()
       WHERE device_id IN (
         SELECT device_id FROM device_status WHERE ${condition} LIMIT ${TRANSITIONS_PER_TICK} FOR UPDATE SKIP LOCKED)
       RETURNING device_id, namespace, last_seen_at, period_seconds`,
      [presence],
    );
    return rows.map((r) => ({
      deviceId: r.device_id,
      namespace: r.namespace,
      presence,
      lastSeenAt: r.last_seen_at,
      periodSeconds: r.period_seconds,
    }));
  }
}
