import { AppConfig } from '@lib/config';
import type { HeartbeatReceivedEvent } from '@lib/contracts';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

@Injectable()
export class DeviceStatusService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * Naturally idempotent: a redelivered or older heartbeat does not move `last_seen_at` back, and a body equal
   * to the last recorded one within the retry window (the Edge API's retries) is not recorded again.
   */
  async record(event: HeartbeatReceivedEvent): Promise<void> {
    const digest = createHash('sha256').update(JSON.stringify(event.heartbeat)).digest('hex');
    await this.dataSource.query(
      `INSERT INTO device_status (device_id, namespace, status, last_seen_at, config_version, last_digest, last_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (device_id) DO UPDATE SET
         namespace = EXCLUDED.namespace, status = EXCLUDED.status, last_seen_at = EXCLUDED.last_seen_at,
         config_version = EXCLUDED.config_version, last_digest = EXCLUDED.last_digest,
         last_event_id = EXCLUDED.last_event_id, updated_at = now()
       WHERE device_status.last_seen_at < EXCLUDED.last_seen_at
         AND NOT (device_status.last_digest IS NOT DISTINCT FROM EXCLUDED.last_digest
                  AND EXCLUDED.last_seen_at - device_status.last_seen_at < make_interval(secs => $8 / 1000.0))`,
      [
        event.deviceId,
        event.namespace,
        event.heartbeat.status ?? null,
        event.receivedAt,
        event.heartbeat.version ?? null,
        digest,
        event.eventId,
        this.config.heartbeats.retryWindowMs,
      ],
    );
  }
}
