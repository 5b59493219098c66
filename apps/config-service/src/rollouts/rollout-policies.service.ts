import { RolloutPolicyEntity } from '@lib/database';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { lockNamespace } from '../serving';
import { activeRollout } from './rollout-gate';
import { type PutRolloutPolicyDto, type RolloutPolicyDto, toPolicyDto } from './rollout-policy.dto';

/** A namespace's rollout policy; written under the namespace lock, so a catalogue write sees it or not, whole. */
@Injectable()
export class RolloutPoliciesService {
  constructor(private readonly dataSource: DataSource) {}

  async get(ns: string): Promise<RolloutPolicyDto> {
    const policy = await this.dataSource.manager.findOneBy(RolloutPolicyEntity, { namespace: ns });
    if (!policy) {
      throw new DomainError('RESOURCE_NOT_FOUND', `Namespace ${ns} has no rollout policy`);
    }
    return toPolicyDto(policy);
  }

  /** Creates or replaces; an active rollout keeps the batches it planned. */
  async put(ns: string, body: PutRolloutPolicyDto): Promise<{ created: boolean; policy: RolloutPolicyDto }> {
    return this.dataSource.transaction(async (m) => {
      await lockNamespace(m, ns);
      const created = !(await m.existsBy(RolloutPolicyEntity, { namespace: ns }));
      const saved = await m.save(
        m.create(RolloutPolicyEntity, {
          namespace: ns,
          batches: body.batches.map((b) => ({
            ...(b.selector === undefined ? {} : { selector: b.selector }),
            ...(b.limit === undefined ? {} : { limit: b.limit }),
            approval: b.approval ?? 'auto',
          })),
          successThresholdPercent: Number((body.successThreshold ?? '100%').slice(0, -1)),
          deviceTimeoutSeconds: body.deviceTimeoutSeconds ?? 600,
        }),
      );
      return { created, policy: toPolicyDto(saved) };
    });
  }

  /** Refused while a rollout is active: it would leave its held devices behind the catalogue with nothing to move them. */
  async delete(ns: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await lockNamespace(m, ns);
      const active = await activeRollout(m, ns);
      if (active) {
        throw new DomainError(
          'ROLLOUT_STATE_CONFLICT',
          `Rollout ${active.id} is ${active.state} in namespace ${ns}: let it complete or abort it first`,
        );
      }
      const { affected } = await m.delete(RolloutPolicyEntity, { namespace: ns });
      if (!affected) {
        throw new DomainError('RESOURCE_NOT_FOUND', `Namespace ${ns} has no rollout policy`);
      }
    });
  }
}
