import { AppConfig } from '@lib/config';
import type { DeviceConfigurationChangedEvent } from '@lib/contracts';
import type { ConsumedEvent } from '@lib/kafka';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Keeps the heartbeat worker's copy of each device's served configuration (version, heartbeat period) from
 * `device.configuration-changed.v1`, and moves the late and offline deadlines of devices already seen to the new
 * period at once, not at their next heartbeat.
 */
@Injectable()
export class DesiredConfigurationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async apply(consumed: ConsumedEvent<DeviceConfigurationChangedEvent>[]): Promise<void> {
    // The newest render per device; a redelivered or older one changes nothing.
    const newest = new Map<string, DeviceConfigurationChangedEvent>();
    for (const { event } of consumed) {
      const known = newest.get(event.deviceId);
      if (!known || Date.parse(known.renderedAt) <= Date.parse(event.renderedAt)) {
        newest.set(event.deviceId, event);
      }
    }
    const rows = [...newest.values()].map((e) => ({
      device_id: e.deviceId,
      namespace: e.namespace,
      version: e.version,
      served: e.served,
      heartbeat_period_seconds: e.heartbeatPeriodSeconds ?? null,
      hardware_profile_scope: e.hardwareProfileScope === 'delta' ? 'delta' : null,
      rendered_at: e.renderedAt,
    }));
    const { defaultPeriodSeconds, latePeriods, offlinePeriods } = this.config.presence;
    await this.dataSource.transaction(async (manager) => {
      const changed = await manager.query<{ device_id: string }[]>(
        `INSERT INTO desired_configuration AS d (device_id, namespace, version, served, heartbeat_period_seconds,
           hardware_profile_scope, rendered_at)
         SELECT r.device_id, r.namespace, r.version, r.served, r.heartbeat_period_seconds, r.hardware_profile_scope,
           r.rendered_at
         FROM jsonb_to_recordset($1::jsonb) AS r(device_id varchar, namespace varchar, version bigint,
           served boolean, heartbeat_period_seconds int, hardware_profile_scope varchar, rendered_at timestamptz)
         ON CONFLICT (device_id) DO UPDATE SET namespace = EXCLUDED.namespace, version = EXCLUDED.version,
           served = EXCLUDED.served, heartbeat_period_seconds = EXCLUDED.heartbeat_period_seconds,
           hardware_profile_scope = EXCLUDED.hardware_profile_scope, rendered_at = EXCLUDED.rendered_at
         WHERE d.rendered_at <= EXCLUDED.rendered_at
         RETURNING d.device_id`,
        [JSON.stringify(rows)],
      );
      if (changed.length === 0) {
        return;
      }
      // The same period rule as a recorded heartbeat (status-writer.ts): the configuration's, else 60 s once a
      // configuration is served (the agent's own default), else the worker's default.
      await manager.query(
        `UPDATE device_status s SET period_seconds = p.period,
           late_at = s.last_seen_at + make_interval(secs => p.period * $3::int),
           offline_at = s.last_seen_at + make_interval(secs => p.period * $4::int), updated_at = now()
         FROM desired_configuration d
         CROSS JOIN LATERAL (SELECT CASE WHEN d.served THEN COALESCE(d.heartbeat_period_seconds, 60)
           ELSE $2::int END AS period) p
         WHERE d.device_id = ANY($1) AND s.device_id = d.device_id AND s.period_seconds <> p.period`,
        [changed.map((c) => c.device_id), defaultPeriodSeconds, latePeriods, offlinePeriods],
      );
    });
  }
}
