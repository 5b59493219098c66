import { RolloutDeviceEntity, RolloutEntity, type RolloutState } from '@lib/database';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In, IsNull, Not } from 'typeorm';
import { ConfigurationStore, lockNamespace } from '../serving';
import { RolloutBatches } from './rollout-batches';
import { RolloutViews } from './rollout-views';
import type { RolloutDto } from './rollout.dto';

export type RolloutAction = 'approve' | 'pause' | 'resume' | 'abort';

/** The states each action applies to. */
const FROM: Record<RolloutAction, RolloutState[]> = {
  approve: ['waiting-approval'],
  pause: ['progressing', 'waiting-approval'],
  resume: ['paused'],
  abort: ['progressing', 'waiting-approval', 'paused'],
};

/** Operators' decisions on a rollout, each under the namespace lock and the rollout's row lock. */
@Injectable()
export class RolloutActions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly batches: RolloutBatches,
    private readonly store: ConfigurationStore,
    private readonly views: RolloutViews,
  ) {}

  act(ns: string, id: string, action: RolloutAction): Promise<RolloutDto> {
    return this.dataSource.transaction(async (m) => {
      await lockNamespace(m, ns);
      const rollout = await m
        .createQueryBuilder(RolloutEntity, 'r')
        .setLock('pessimistic_write')
        .where('r.id = :id AND r.namespace = :ns', { id, ns })
        .getOne();
      if (!rollout) {
        throw new DomainError('RESOURCE_NOT_FOUND', `No rollout ${id} in namespace ${ns}`);
      }
      if (!FROM[action].includes(rollout.state)) {
        throw new DomainError(
          'ROLLOUT_STATE_CONFLICT',
          `Rollout ${id} is ${rollout.state}: ${action} applies to a rollout ${FROM[action].join(' or ')}`,
        );
      }
      await this.apply(m, rollout, action);
      return this.views.get(ns, id, m);
    });
  }

  private async apply(m: EntityManager, rollout: RolloutEntity, action: RolloutAction): Promise<void> {
    switch (action) {
      case 'approve':
        await this.batches.start(m, rollout, rollout.currentBatch + 1);
        return;
      case 'pause':
        await this.batches.transition(m, rollout, 'paused', { by: 'operator', batch: rollout.currentBatch });
        return;
      case 'resume':
        // Paused for failures: the operator lets that batch pass as it is. Paused by an operator: it goes on.
        if (rollout.reason && 'failed' in rollout.reason) {
          rollout.overriddenBatch = rollout.currentBatch;
          await m.update(RolloutEntity, { id: rollout.id }, { overriddenBatch: rollout.currentBatch });
        }
        await this.batches.transition(m, rollout, 'progressing', { batch: rollout.currentBatch });
        return;
      case 'abort':
        await this.restore(m, rollout);
        await this.batches.transition(m, rollout, 'aborted', { by: 'operator', batch: rollout.currentBatch });
        return;
    }
  }

  /** The devices of started batches get back what they were served before, as a new version. */
  private async restore(m: EntityManager, rollout: RolloutEntity): Promise<void> {
    const started = await m.find(RolloutDeviceEntity, {
      where: {
        rolloutId: rollout.id,
        state: In(['updated', 'succeeded', 'failed']),
        previousHash: Not(IsNull()),
      },
    });
    await this.store.restore(
      m,
      started.map((d) => ({ deviceId: d.deviceId, content: d.previousContent!, hash: d.previousHash! })),
    );
  }
}
