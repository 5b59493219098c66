import { RolloutEntity } from '@lib/database';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { decodeCursor, type Page, type PageQuery, toPage } from '../pagination';
import type { RolloutDto } from './rollout.dto';

interface Counts {
  rollout_id: string;
  batch: number;
  devices: number;
  updated: number;
  succeeded: number;
  failed: number;
}

/** Rollouts as the management API shows them: each with its per-batch counts. */
@Injectable()
export class RolloutViews {
  constructor(private readonly dataSource: DataSource) {}

  async page(ns: string, query: PageQuery): Promise<Page<RolloutDto>> {
    const after = decodeCursor(query.cursor);
    const qb = this.dataSource.manager
      .createQueryBuilder(RolloutEntity, 'r')
      .where('r.namespace = :ns', { ns })
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(query.limit + 1);
    if (after) {
      qb.andWhere('(r.created_at, r.id) < (:sort, :id)', { sort: after.sort, id: after.id });
    }
    const rows = await qb.getMany();
    const dtos = await this.describe(this.dataSource.manager, rows);
    return toPage(dtos, query.limit, (r) => ({ sort: r.createdAt, id: r.id }));
  }

  async get(ns: string, id: string, m: EntityManager = this.dataSource.manager): Promise<RolloutDto> {
    const rollout = await m.findOneBy(RolloutEntity, { namespace: ns, id });
    if (!rollout) {
      throw new DomainError('RESOURCE_NOT_FOUND', `No rollout ${id} in namespace ${ns}`);
    }
    return (await this.describe(m, [rollout]))[0];
  }

  async describe(m: EntityManager, rollouts: RolloutEntity[]): Promise<RolloutDto[]> {
    const counts = await m.query<Counts[]>(
      `SELECT rollout_id, batch, count(*)::int AS devices,
         count(*) FILTER (WHERE state <> 'waiting' AND target_version IS NOT NULL)::int AS updated,
         count(*) FILTER (WHERE state = 'succeeded')::int AS succeeded,
         count(*) FILTER (WHERE state = 'failed')::int AS failed
       FROM rollout_device WHERE rollout_id = ANY($1) GROUP BY rollout_id, batch`,
      [rollouts.map((r) => r.id)],
    );
    return rollouts.map((r) => ({
      id: r.id,
      namespace: r.namespace,
      state: r.state,
      change: r.change,
      currentBatch: r.currentBatch,
      successThreshold: `${r.successThresholdPercent}%`,
      deviceTimeoutSeconds: r.deviceTimeoutSeconds,
      reason: r.reason,
      batches: r.batches.map((plan, index) => {
        const c = counts.find((x) => x.rollout_id === r.id && x.batch === index);
        const devices = c?.devices ?? 0;
        const succeeded = c?.succeeded ?? 0;
        const failed = c?.failed ?? 0;
        return {
          index,
          policyBatch: plan.policyBatch,
          approval: plan.approval,
          devices,
          updated: c?.updated ?? 0,
          succeeded,
          failed,
          pending: devices - succeeded - failed,
        };
      }),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }));
  }
}
