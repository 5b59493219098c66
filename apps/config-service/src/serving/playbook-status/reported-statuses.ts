import {
  type PlaybookCondition,
  type PlaybookExecutionEntity,
  PlaybookExecutionStatusEntity,
} from '@lib/database';
import { type EntityManager, In } from 'typeorm';

/** The states after which upstream no longer treats an execution as pending: it is not served again. */
export const FINAL_PLAYBOOK_STATES = ['SuccessfullyCompleted', 'CompletedWithError'];

/** An execution's state as its device reported it in heartbeats (the heartbeat worker's table). */
export interface ReportedStatus {
  state: string;
  lastTransitionTime: string;
  conditions: PlaybookCondition[];
}

/**
 * The reported status of each execution, by execution ID. A status reported before the execution was last
 * changed belongs to its previous content and does not count: a replaced playbook runs again.
 */
export async function reportedStatuses(
  manager: EntityManager,
  executions: PlaybookExecutionEntity[],
): Promise<Map<string, ReportedStatus>> {
  if (executions.length === 0) {
    return new Map();
  }
  const rows = await manager.find(PlaybookExecutionStatusEntity, {
    where: { deviceId: In([...new Set(executions.map((e) => e.deviceId))]) },
  });
  const byKey = new Map(rows.map((r) => [`${r.deviceId}/${r.name}`, r]));
  const statuses = new Map<string, ReportedStatus>();
  for (const e of executions) {
    const row = byKey.get(`${e.deviceId}/${e.name}`);
    if (row && row.lastTransitionAt > e.updatedAt) {
      statuses.set(e.id, {
        state: row.state,
        lastTransitionTime: row.lastTransitionAt.toISOString(),
        conditions: row.conditions,
      });
    }
  }
  return statuses;
}

/** The executions a device has not finished, which GET playbookexecutions still serves. */
export async function unfinished(
  manager: EntityManager,
  executions: PlaybookExecutionEntity[],
): Promise<PlaybookExecutionEntity[]> {
  const statuses = await reportedStatuses(manager, executions);
  return executions.filter((e) => !FINAL_PLAYBOOK_STATES.includes(statuses.get(e.id)?.state ?? ''));
}
