import { cut, type PlaybookCondition } from '@lib/database';
import type { EntityManager } from 'typeorm';
import type { Candidate } from './select-recorded';

interface StatusChange {
  device_id: string;
  name: string;
  namespace: string;
  state: string;
  at: string;
  conditions: PlaybookCondition[];
}

// New transitions are appended to the ones kept; a batch only carries executions whose state changed.
const UPSERT_STATUSES = `
  INSERT INTO playbook_execution_status AS p (device_id, name, namespace, state, last_transition_at, conditions)
  SELECT r.device_id, r.name, r.namespace, r.state, r.at, r.conditions
  FROM jsonb_to_recordset($1::jsonb) AS r(device_id text, name text, namespace text, state text, at timestamptz,
    conditions jsonb)
  ON CONFLICT (device_id, name) DO UPDATE SET
    namespace = EXCLUDED.namespace, state = EXCLUDED.state, last_transition_at = EXCLUDED.last_transition_at,
    conditions = p.conditions || EXCLUDED.conditions, updated_at = now()`;

/**
 * Records each playbook execution's state from a batch's recorded heartbeats (in receive order per device), as
 * upstream appends a condition to the PlaybookExecution when the reported status differs from its last one.
 * At most two statements, and none for a batch without playbook statuses (most batches).
 */
export async function writePlaybookStatuses(manager: EntityManager, recorded: Candidate[]): Promise<void> {
  const reporting = recorded.filter((c) => (c.heartbeat['playbook-executions'] ?? []).length > 0);
  if (reporting.length === 0) {
    return;
  }
  const known = await manager.query<{ device_id: string; name: string; state: string }[]>(
    'SELECT device_id, name, state FROM playbook_execution_status WHERE device_id = ANY($1)',
    [[...new Set(reporting.map((c) => c.deviceId))]],
  );
  const current = new Map(known.map((k) => [`${k.device_id}/${k.name}`, k.state]));
  const changes = new Map<string, StatusChange>();
  for (const c of reporting) {
    for (const execution of c.heartbeat['playbook-executions'] ?? []) {
      const name = cut(execution?.name, 253);
      const state = cut(execution?.status, 64);
      const key = `${c.deviceId}/${name}`;
      if (!name || !state || current.get(key) === state) {
        continue;
      }
      current.set(key, state);
      const at = c.receivedAt.toISOString();
      const change = changes.get(key) ?? {
        device_id: c.deviceId,
        name,
        namespace: c.namespace,
        state,
        at,
        conditions: [],
      };
      change.state = state;
      change.at = at;
      change.conditions.push({ type: state, lastTransitionTime: at });
      changes.set(key, change);
    }
  }
  if (changes.size > 0) {
    await manager.query(UPSERT_STATUSES, [JSON.stringify([...changes.values()])]);
  }
}
