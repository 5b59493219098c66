import { RolloutDeviceEntity, RolloutEntity, type RolloutState } from '@lib/database';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLog } from '../access';
import { ConfigurationStore } from '../serving';

/**
 * Moves a rollout along, inside the caller's transaction with the namespace locked and the rollout row locked:
 * starts batches (the only place held devices are rendered), records transitions for the state relay.
 */
@Injectable()
export class RolloutBatches {
  private readonly logger = new Logger(RolloutBatches.name);

  constructor(
    private readonly store: ConfigurationStore,
    private readonly audit: AuditLog,
  ) {}

  async transition(
    m: EntityManager,
    rollout: RolloutEntity,
    state: RolloutState,
    reason: Record<string, unknown> | null = null,
  ): Promise<void> {
    rollout.state = state;
    rollout.reason = reason;
    rollout.announced = false;
    // Through the query builder: TypeORM's update() types a jsonb column as a partial entity.
    await m
      .createQueryBuilder()
      .update(RolloutEntity)
      .set({ state, reason: () => ':reason::jsonb', announced: false })
      .setParameter('reason', reason === null ? null : JSON.stringify(reason))
      .where('id = :id', { id: rollout.id })
      .execute();
    // Every state change is audited with it, the automatic ones too (an operator's action also has the request's
    // own entry, by the operator).
    await this.audit.recordSystemChange(m, {
      actor: 'system:rollouts',
      action: `rollout.${state}`,
      namespace: rollout.namespace,
      resource: `rollouts/${rollout.id}`,
      detail: reason,
    });
    this.logger.log({
      rollout: rollout.id,
      namespace: rollout.namespace,
      state,
      msg: 'rollout state changed',
    });
  }

  /** After the current batch passed: the next batch starts, or waits for an approval, or the rollout completes. */
  async advance(m: EntityManager, rollout: RolloutEntity): Promise<number> {
    const next = rollout.currentBatch + 1;
    if (next >= rollout.batches.length) {
      await this.transition(m, rollout, 'completed');
      return 0;
    }
    if (rollout.batches[next].approval === 'manual') {
      await this.transition(m, rollout, 'waiting-approval', { batch: next });
      return 0;
    }
    return this.start(m, rollout, next);
  }

  /**
   * Serves batch `index` the namespace's current catalogue: remembers what each of its devices was served (what an
   * abort restores), renders them, and records the version each must now report.
   */
  async start(m: EntityManager, rollout: RolloutEntity, index: number): Promise<number> {
    const ids = (
      await m.find(RolloutDeviceEntity, {
        where: { rolloutId: rollout.id, batch: index },
        select: ['deviceId'],
      })
    ).map((d) => d.deviceId);
    const before = new Map((await this.store.served(m, ids)).map((s) => [s.deviceId, s]));
    const changed = await this.store.renderNow(m, rollout.namespace, ids);
    const after = await this.store.served(m, ids);
    const rows = after.map((s) => ({
      device_id: s.deviceId,
      previous_content: before.get(s.deviceId)?.content ?? null,
      previous_hash: before.get(s.deviceId)?.hash ?? null,
      target_version: s.version,
      workloads: s.workloads,
    }));
    await m.query(
      `UPDATE rollout_device d SET state = 'updated', started_at = now(), previous_content = r.previous_content,
         previous_hash = r.previous_hash, target_version = r.target_version::bigint, workloads = r.workloads
       FROM jsonb_to_recordset($2::jsonb)
         AS r(device_id varchar, previous_content jsonb, previous_hash varchar, target_version text, workloads jsonb)
       WHERE d.rollout_id = $1 AND d.device_id = r.device_id`,
      [rollout.id, JSON.stringify(rows)],
    );
    // Devices no longer served (decommissioned meanwhile) have nothing to report: they fail now.
    await m.query(
      `UPDATE rollout_device SET state = 'failed', reason = 'no longer served'
       WHERE rollout_id = $1 AND batch = $2 AND state = 'waiting'`,
      [rollout.id, index],
    );
    rollout.currentBatch = index;
    await m.update(RolloutEntity, { id: rollout.id }, { currentBatch: index });
    await this.transition(m, rollout, 'progressing', { batch: index });
    return changed;
  }
}
