import { newEnvelope, type RolloutStateChangedEvent, TOPICS } from '@lib/contracts';
import { ADVISORY_LOCKS, type RolloutChange, type RolloutState } from '@lib/database';
import { EventPublisher, PollingRelay } from '@lib/kafka';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

const BATCH_SIZE = 100;

interface Row {
  id: string;
  namespace: string;
  state: RolloutState;
  change: RolloutChange;
  current_batch: number;
  batches: number;
  reason: Record<string, unknown> | null;
  updated_at: string;
}

/**
 * Publishes each rollout whose state changed (rows left `announced = false`) on `rollout.state-changed.v1`, then
 * marks it announced unless it changed again meanwhile: the rows are the outbox.
 */
@Injectable()
export class RolloutStateRelay extends PollingRelay {
  constructor(dataSource: DataSource, publisher: EventPublisher) {
    super(dataSource, publisher, BATCH_SIZE, ADVISORY_LOCKS.rolloutStateRelay);
  }

  protected async publishRows(manager: EntityManager): Promise<number> {
    const rows = await manager.query<Row[]>(
      `SELECT id, namespace, state, change, current_batch, jsonb_array_length(batches) AS batches, reason,
         to_json(updated_at) #>> '{}' AS updated_at
       FROM rollout WHERE NOT announced ORDER BY created_at LIMIT $1`,
      [BATCH_SIZE],
    );
    for (const row of rows) {
      const event: RolloutStateChangedEvent = {
        ...newEnvelope(),
        rolloutId: row.id,
        namespace: row.namespace,
        state: row.state,
        change: row.change,
        currentBatch: row.current_batch,
        batches: row.batches,
        ...(row.reason ? { reason: row.reason } : {}),
        changedAt: new Date(row.updated_at).toISOString(),
      };
      // One at a time, in order: a namespace's records keep the order of its rollouts.
      await this.publisher.publish(TOPICS.rolloutStateChanged, {
        key: row.namespace,
        value: JSON.stringify(event),
      });
    }
    if (rows.length > 0) {
      await manager.query(
        `UPDATE rollout r SET announced = true
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, updated_at timestamptz)
         WHERE r.id = x.id AND r.updated_at = x.updated_at`,
        [JSON.stringify(rows.map((r) => ({ id: r.id, updated_at: r.updated_at })))],
      );
    }
    return rows.length;
  }
}
