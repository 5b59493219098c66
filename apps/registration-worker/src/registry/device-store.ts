import { DeviceEntity } from '@lib/database';
import { type EntityManager, In } from 'typeorm';
import type { OutboxRow } from './device-snapshot';
import type { DeviceRecord } from './transitions';

/** The registry's columns as the batch writes them: [column, SQL type, field]. */
const DEVICE_COLUMNS: [string, string, keyof DeviceRecord][] = [
  ['device_id', 'varchar', 'deviceId'],
  ['namespace', 'varchar', 'namespace'],
  ['requested_namespace', 'varchar', 'requestedNamespace'],
  ['state', 'varchar', 'state'],
  ['revision', 'integer', 'revision'],
  ['labels', 'jsonb', 'labels'],
  ['hardware', 'jsonb', 'hardware'],
  ['enrolment_info', 'jsonb', 'enrolmentInfo'],
  ['enrolled_at', 'timestamptz', 'enrolledAt'],
  ['decided_at', 'timestamptz', 'decidedAt'],
  ['decided_by', 'varchar', 'decidedBy'],
  ['decision_reason', 'text', 'decisionReason'],
  ['registered_at', 'timestamptz', 'registeredAt'],
  ['decommissioned_at', 'timestamptz', 'decommissionedAt'],
];

const names = DEVICE_COLUMNS.map(([column]) => column);

// One statement per batch whatever its size: the rows travel as one jsonb parameter.
const UPSERT_DEVICES = `
  INSERT INTO device (${names.join(', ')})
  SELECT ${names.join(', ')}
  FROM jsonb_to_recordset($1::jsonb) AS d(${DEVICE_COLUMNS.map(([column, type]) => `${column} ${type}`).join(', ')})
  ON CONFLICT (device_id) DO UPDATE SET
    ${names
      .filter((name) => name !== 'device_id')
      .map((name) => `${name} = EXCLUDED.${name}`)
      .join(', ')},
    updated_at = now()`;

// Ids follow the array's order, which is the order the relay publishes in.
const INSERT_OUTBOX = `
  INSERT INTO registration_outbox (event_id, topic, message_key, payload, headers)
  SELECT (e.row->>'eventId')::uuid, e.row->>'topic', e.row->>'messageKey', e.row->'payload', e.row->'headers'
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(row, n)
  ORDER BY e.n`;

/**
 * Loads and locks the registry rows of a batch's devices. Locked in device ID order, so that two batches
 * (two partitions, two topics) touching the same devices wait for each other instead of deadlocking.
 */
export async function lockDevices(
  manager: EntityManager,
  deviceIds: string[],
): Promise<Map<string, DeviceRecord>> {
  const rows = await manager.find(DeviceEntity, {
    where: { deviceId: In(deviceIds) },
    order: { deviceId: 'ASC' },
    lock: { mode: 'pessimistic_write' },
  });
  return new Map(rows.map((row) => [row.deviceId, row]));
}

/** Writes the devices' latest state, new ones included. */
export async function saveDevices(manager: EntityManager, devices: DeviceRecord[]): Promise<void> {
  if (devices.length === 0) {
    return;
  }
  const rows = devices.map((device) =>
    Object.fromEntries(DEVICE_COLUMNS.map(([column, , field]) => [column, device[field]])),
  );
  await manager.query(UPSERT_DEVICES, [JSON.stringify(rows)]);
}

export async function insertOutbox(manager: EntityManager, rows: OutboxRow[]): Promise<void> {
  if (rows.length > 0) {
    await manager.query(INSERT_OUTBOX, [JSON.stringify(rows)]);
  }
}
