import { cut } from '@lib/database';
import type { EntityManager } from 'typeorm';
import type { Candidate } from './select-recorded';

interface StatusRow {
  device_id: string;
  namespace: string;
  status: string | null;
  last_seen_at: string;
  config_version: string | null;
  last_digest: string;
  last_event_id: string;
  workloads: unknown[];
  playbook_executions: unknown[];
  upgrade: Record<string, unknown> | null;
  hardware: Record<string, unknown> | null;
}

const MAX_EVENTS = 1000;

const COLUMNS = `device_id text, namespace text, status text, last_seen_at timestamptz, config_version text,
  last_digest text, last_event_id uuid, workloads jsonb, playbook_executions jsonb, upgrade jsonb, hardware jsonb`;

// The device's own period comes from its served configuration (desired_configuration, this worker's copy of
// device.configuration-changed.v1); the device agent treats a period <= 0 as 60 s, and the default applies until a
// configuration is served. DesiredConfigurationsService applies the same rule when the period changes.
const FROM_BATCH = `
  FROM jsonb_to_recordset($1::jsonb) AS r(${COLUMNS})
  LEFT JOIN desired_configuration c ON c.device_id = r.device_id
  CROSS JOIN LATERAL (SELECT CASE WHEN c.served THEN COALESCE(c.heartbeat_period_seconds, 60)
    ELSE $2::int END AS period) p`;

// One statement per policy for a whole batch. The WHERE keeps the newest heartbeat whatever the arrival order.
const UPSERT_RECORD = `
  INSERT INTO device_status AS s (device_id, namespace, status, last_seen_at, config_version, last_digest,
    last_event_id, workloads, playbook_executions, upgrade, hardware, presence, period_seconds, late_at, offline_at,
    in_sync)
  SELECT r.device_id, r.namespace, r.status, r.last_seen_at, r.config_version, r.last_digest, r.last_event_id,
    r.workloads, r.playbook_executions, r.upgrade, r.hardware, 'online', p.period,
    r.last_seen_at + make_interval(secs => p.period * $3::int),
    r.last_seen_at + make_interval(secs => p.period * $4::int),
    CASE WHEN r.config_version IS NULL OR NOT COALESCE(c.served, false) THEN NULL
      ELSE r.config_version = c.version::text END
  ${FROM_BATCH}
  ON CONFLICT (device_id) DO UPDATE SET
    namespace = EXCLUDED.namespace, status = EXCLUDED.status, last_seen_at = EXCLUDED.last_seen_at,
    config_version = EXCLUDED.config_version, last_digest = EXCLUDED.last_digest,
    last_event_id = EXCLUDED.last_event_id, workloads = EXCLUDED.workloads,
    playbook_executions = EXCLUDED.playbook_executions, upgrade = EXCLUDED.upgrade,
    hardware = COALESCE(EXCLUDED.hardware, s.hardware),
    presence = 'online', period_seconds = EXCLUDED.period_seconds,
    late_at = EXCLUDED.late_at, offline_at = EXCLUDED.offline_at, in_sync = EXCLUDED.in_sync,
    updated_at = now()
  WHERE s.last_seen_at < EXCLUDED.last_seen_at
  RETURNING s.device_id, s.namespace, s.in_sync, s.config_version,
    (SELECT version::text FROM desired_configuration WHERE device_id = s.device_id) AS desired_version`;

const UPSERT_STATUS_ONLY = `
  INSERT INTO device_status AS s (device_id, namespace, status, last_seen_at, last_digest, last_event_id,
    presence, period_seconds, late_at, offline_at)
  SELECT r.device_id, r.namespace, r.status, r.last_seen_at, r.last_digest, r.last_event_id, 'online', p.period,
    r.last_seen_at + make_interval(secs => p.period * $3::int),
    r.last_seen_at + make_interval(secs => p.period * $4::int)
  ${FROM_BATCH}
  ON CONFLICT (device_id) DO UPDATE SET
    namespace = EXCLUDED.namespace, status = EXCLUDED.status, last_seen_at = EXCLUDED.last_seen_at,
    last_digest = EXCLUDED.last_digest, last_event_id = EXCLUDED.last_event_id, presence = 'online',
    period_seconds = EXCLUDED.period_seconds, late_at = EXCLUDED.late_at, offline_at = EXCLUDED.offline_at,
    updated_at = now()
  WHERE s.last_seen_at < EXCLUDED.last_seen_at`;

const INSERT_EVENTS = `
  INSERT INTO device_event (heartbeat_id, seq, device_id, namespace, received_at, type, reason, message)
  SELECT e.heartbeat_id, e.seq, e.device_id, e.namespace, e.received_at, e.type, e.reason, e.message
  FROM jsonb_to_recordset($1::jsonb) AS e(heartbeat_id uuid, seq int, device_id text, namespace text,
    received_at timestamptz, type text, reason text, message text)
  ON CONFLICT DO NOTHING`;

const STORED = `SELECT DISTINCT heartbeat_id::text AS id FROM device_event WHERE heartbeat_id = ANY($1::uuid[])`;

/** The last recorded heartbeat of each device, with its hardware profile as merged up to then. */
function statusRows(recorded: Candidate[]): StatusRow[] {
  const rows = new Map<string, StatusRow>();
  for (const c of recorded) {
    const previous = rows.get(c.deviceId);
    const hardware = c.profile ?? previous?.hardware ?? null;
    rows.set(c.deviceId, {
      device_id: c.deviceId,
      namespace: c.namespace,
      status: cut(c.heartbeat.status, 64),
      last_seen_at: c.receivedAt.toISOString(),
      config_version: cut(c.heartbeat.version, 64),
      last_digest: c.digest,
      last_event_id: c.eventId,
      workloads: c.heartbeat.workloads ?? [],
      playbook_executions: c.heartbeat['playbook-executions'] ?? [],
      upgrade: c.heartbeat.upgrade ?? null,
      hardware,
    });
  }
  return [...rows.values()];
}

function eventRows(recorded: Candidate[]): Record<string, unknown>[] {
  return recorded.flatMap((c) =>
    // At most MAX_EVENTS per heartbeat are kept: the history is for people, and `seq` is a smallint.
    (c.heartbeat.events ?? []).slice(0, MAX_EVENTS).map((e, seq) => ({
      heartbeat_id: c.eventId,
      seq,
      device_id: c.deviceId,
      namespace: c.namespace,
      received_at: c.receivedAt.toISOString(),
      type: cut(e?.type, 32),
      reason: cut(e?.reason, 253),
      message: e?.message ?? null,
    })),
  );
}

/**
 * Heartbeats received before the device's last recorded one (see selectRecorded): their events only, never the
 * status. Returns those to publish downstream: the ones whose events are not stored yet (a redelivery's are).
 */
export async function writeLate(manager: EntityManager, late: Candidate[]): Promise<Candidate[]> {
  if (late.length === 0) {
    return [];
  }
  const rows = await manager.query<{ id: string }[]>(STORED, [late.map((c) => c.eventId)]);
  const stored = new Set(rows.map((r) => r.id));
  const fresh = late.filter((c) => !stored.has(c.eventId));
  const events = eventRows(fresh.filter((c) => c.policy === 'record'));
  if (events.length > 0) {
    await manager.query(INSERT_EVENTS, [JSON.stringify(events)]);
  }
  return fresh;
}

export interface PresenceSettings {
  defaultPeriodSeconds: number;
  latePeriods: number;
  offlinePeriods: number;
}

/** A device's sync state after a recorded heartbeat (record policy only). */
export interface SyncRow {
  device_id: string;
  namespace: string;
  in_sync: boolean | null;
  config_version: string | null;
  desired_version: string | null;
}

/** Writes a batch's recorded heartbeats: at most three statements, whatever the batch size. */
export async function writeRecorded(
  manager: EntityManager,
  recorded: Candidate[],
  presence: PresenceSettings,
): Promise<SyncRow[]> {
  const full = recorded.filter((c) => c.policy === 'record');
  const statusOnly = recorded.filter((c) => c.policy === 'status-only');
  const params = [presence.defaultPeriodSeconds, presence.latePeriods, presence.offlinePeriods];
  let synced: SyncRow[] = [];
  if (full.length > 0) {
    synced = await manager.query<SyncRow[]>(UPSERT_RECORD, [JSON.stringify(statusRows(full)), ...params]);
    const events = eventRows(full);
    if (events.length > 0) {
      await manager.query(INSERT_EVENTS, [JSON.stringify(events)]);
    }
  }
  if (statusOnly.length > 0) {
    await manager.query(UPSERT_STATUS_ONLY, [JSON.stringify(statusRows(statusOnly)), ...params]);
  }
  return synced;
}
