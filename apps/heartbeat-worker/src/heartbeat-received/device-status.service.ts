import type { HeartbeatReceivedEvent } from '@lib/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class DeviceStatusService {
  constructor(private readonly dataSource: DataSource) {}

  /** Naturally idempotent: a redelivered or older heartbeat does not move `last_seen_at` back. */
  async record(event: HeartbeatReceivedEvent): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO device_status (device_id, namespace, status, last_seen_at, config_version, last_event_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (device_id) DO UPDATE SET
         namespace = EXCLUDED.namespace, status = EXCLUDED.status, last_seen_at = EXCLUDED.last_seen_at,
         config_version = EXCLUDED.config_version, last_event_id = EXCLUDED.last_event_id, updated_at = now()
       WHERE device_status.last_seen_at < EXCLUDED.last_seen_at`,
      [
        event.deviceId,
        event.namespace,
        event.heartbeat.status ?? null,
        event.receivedAt,
        event.heartbeat.version ?? null,
        event.eventId,
      ],
    );
  }
}
