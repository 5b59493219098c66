import { type DeviceConfigurationChangedEvent, newEnvelope, TOPICS } from '@lib/contracts';
import { ADVISORY_LOCKS } from '@lib/database';
import { EventPublisher, PollingRelay } from '@lib/kafka';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

const BATCH_SIZE = 500;

interface Row {
  device_id: string;
  namespace: string;
  version: string;
  served: boolean;
  period: string | null;
  scope: string | null;
  rendered_at: string;
}

/** `period_seconds` as the device agent reads it: a positive integer, else its own default. */
function periodOf(raw: string | null): number | undefined {
  const period = raw === null ? NaN : Number(raw);
  return Number.isInteger(period) && period > 0 && period <= 2 ** 31 - 1 ? period : undefined;
}

/**
 * Publishes each change of a served configuration on `device.configuration-changed.v1` (rows the render or the
 * retirement left `announced = false`), then marks them announced unless rendered again meanwhile. The heartbeat
 * worker keeps what it needs of them (the period, the version) in its own table.
 */
@Injectable()
export class ConfigurationChangedRelay extends PollingRelay {
  constructor(dataSource: DataSource, publisher: EventPublisher) {
    super(dataSource, publisher, BATCH_SIZE, ADVISORY_LOCKS.configurationChangedRelay);
  }

  protected async publishRows(manager: EntityManager): Promise<number> {
    // rendered_at as text keeps its microseconds: the mark below matches the exact render that was published.
    const rows = await manager.query<Row[]>(
      `SELECT device_id, namespace, version::text AS version, content IS NOT NULL AS served,
         content #>> '{configuration,heartbeat,period_seconds}' AS period,
         content #>> '{configuration,heartbeat,hardware_profile,scope}' AS scope, to_json(rendered_at) #>> '{}' AS rendered_at
       FROM device_configuration WHERE NOT announced ORDER BY device_id LIMIT $1`,
      [BATCH_SIZE],
    );
    if (rows.length === 0) {
      return 0;
    }
    await Promise.all(
      rows.map((row) => {
        const event: DeviceConfigurationChangedEvent = {
          ...newEnvelope(),
          deviceId: row.device_id,
          namespace: row.namespace,
          version: row.version,
          served: row.served,
          heartbeatPeriodSeconds: row.served ? periodOf(row.period) : undefined,
          hardwareProfileScope: row.served && row.scope === 'delta' ? 'delta' : undefined,
          renderedAt: new Date(row.rendered_at).toISOString(),
        };
        return this.publisher.publish(TOPICS.deviceConfigurationChanged, {
          key: row.device_id,
          value: JSON.stringify(event),
        });
      }),
    );
    await manager.query(
      `UPDATE device_configuration c SET announced = true
       FROM jsonb_to_recordset($1::jsonb) AS r(device_id varchar, rendered_at timestamptz)
       WHERE c.device_id = r.device_id AND c.rendered_at = r.rendered_at`,
      [JSON.stringify(rows.map((r) => ({ device_id: r.device_id, rendered_at: r.rendered_at })))],
    );
    return rows.length;
  }
}
