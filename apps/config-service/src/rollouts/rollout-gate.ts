import {
  ACTIVE_ROLLOUT_STATES,
  RolloutDeviceEntity,
  RolloutEntity,
  RolloutPolicyEntity,
  type RolloutChange,
} from '@lib/database';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConfigurationStore, type RenderGate } from '../serving';
import { planBatches } from './batch-plan';
import { RolloutBatches } from './rollout-batches';

/** The namespace's active rollout, its row locked (catalogue writes and progress are serialised on it). */
export function activeRollout(m: EntityManager, namespace: string): Promise<RolloutEntity | null> {
  return m
    .createQueryBuilder(RolloutEntity, 'r')
    .setLock('pessimistic_write')
    .where('r.namespace = :namespace AND r.state IN (:...states)', {
      namespace,
      states: ACTIVE_ROLLOUT_STATES,
    })
    .getOne();
}

/**
 * Every render goes through here (ConfigurationStore.useGate). Without a rollout policy in the namespace it renders
 * at once, as it would without rollouts: one primary-key read per render, none per device. With one, a catalogue
 * write starts a rollout (superseding the active one) and only its first batch is rendered; any other render
 * leaves the devices of unstarted batches at what they are served.
 */
@Injectable()
export class RolloutGate implements RenderGate, OnModuleInit {
  constructor(
    private readonly store: ConfigurationStore,
    private readonly batches: RolloutBatches,
  ) {}

  onModuleInit(): void {
    this.store.useGate(this);
  }

  async render(m: EntityManager, ns: string, ids: string[], change?: RolloutChange): Promise<number> {
    const policy = await m.findOneBy(RolloutPolicyEntity, { namespace: ns });
    if (!policy) {
      return this.store.renderNow(m, ns, ids);
    }
    const active = await activeRollout(m, ns);
    if (!change) {
      const held = active ? await this.waiting(m, active.id, ids) : new Set<string>();
      return this.store.renderNow(
        m,
        ns,
        ids.filter((id) => !held.has(id)),
      );
    }
    let candidates = ids;
    if (active) {
      // The newer change starts from where devices are: the older one's devices are compared again too.
      const theirs = await m.find(RolloutDeviceEntity, {
        where: { rolloutId: active.id },
        select: ['deviceId'],
      });
      candidates = [...new Set([...ids, ...theirs.map((d) => d.deviceId)])];
      await this.batches.transition(m, active, 'superseded', { by: change });
    }
    const { changed, fresh } = await this.store.diff(m, ns, candidates);
    // A device served nothing yet has nothing to be held at.
    let rendered = await this.store.renderNow(m, ns, fresh);
    if (changed.length === 0) {
      return rendered;
    }
    // ANY($1), not IN (...): a fleet-wide change names more devices than a statement has parameters.
    const devices = await m.query<{ deviceId: string; labels: Record<string, string> }[]>(
      `SELECT device_id AS "deviceId", labels FROM device_view WHERE device_id = ANY($1)`,
      [changed],
    );
    const { plans, batchOf } = planBatches(policy.batches, devices);
    const rollout = await m.save(
      m.create(RolloutEntity, {
        namespace: ns,
        state: 'progressing',
        change,
        batches: plans,
        successThresholdPercent: policy.successThresholdPercent,
        deviceTimeoutSeconds: policy.deviceTimeoutSeconds,
        currentBatch: -1,
        overriddenBatch: -1,
        reason: null,
        announced: false,
      }),
    );
    await m.query(
      `INSERT INTO rollout_device (rollout_id, device_id, batch, state)
       SELECT $1, r.device_id, r.batch, 'waiting' FROM jsonb_to_recordset($2::jsonb) AS r(device_id varchar, batch int)`,
      [rollout.id, JSON.stringify([...batchOf].map(([device_id, batch]) => ({ device_id, batch })))],
    );
    rendered += await this.batches.advance(m, rollout);
    return rendered;
  }

  private async waiting(m: EntityManager, rolloutId: string, ids: string[]): Promise<Set<string>> {
    const rows = await m.query<{ device_id: string }[]>(
      `SELECT device_id FROM rollout_device WHERE rollout_id = $1 AND device_id = ANY($2) AND state = 'waiting'`,
      [rolloutId, ids],
    );
    return new Set(rows.map((r) => r.device_id));
  }
}
