import { RolloutEntity } from '@lib/database';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { lockNamespace } from '../serving';
import { requiredSuccesses } from './batch-plan';
import { judgeDevice } from './device-outcome';
import { RolloutBatches } from './rollout-batches';

/** How often progressing rollouts are judged; one indexed query when none is progressing. */
const TICK_MS = 1000;

interface PendingRow {
  device_id: string;
  target_version: string;
  workloads: string[] | null;
  started_at: Date;
  config_version: string | null;
  reported: unknown[] | null;
  presence: string | null;
  registry_state: string | null;
}

/**
 * Drives progressing rollouts from their rows: judges the devices of started batches against the heartbeat
 * worker's `device_status` (only theirs are read), then starts the next batch or pauses. Every replica ticks; the
 * namespace lock and the rollout's row lock make one of them do each step, and a restart resumes from the rows.
 */
@Injectable()
export class RolloutProgress implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RolloutProgress.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly batches: RolloutBatches,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One pass over the progressing rollouts; a pass still running makes the next tick a no-op. */
  async tick(): Promise<void> {
    if (this.running) {
      return;
    }
    this.running = true;
    try {
      const rollouts = await this.dataSource.query<{ id: string; namespace: string }[]>(
        `SELECT id, namespace FROM rollout WHERE state = 'progressing'`,
      );
      for (const { id, namespace } of rollouts) {
        await this.dataSource.transaction(async (m) => {
          await lockNamespace(m, namespace);
          const rollout = await m
            .createQueryBuilder(RolloutEntity, 'r')
            .setLock('pessimistic_write')
            .where(`r.id = :id AND r.state = 'progressing'`, { id })
            .getOne();
          if (rollout) {
            await this.step(m, rollout);
          }
        });
      }
    } catch (err) {
      // The next tick retries from the rows; nothing was half-done (each rollout's step is one transaction).
      this.logger.error({ err, msg: 'rollout progress failed' });
    } finally {
      this.running = false;
    }
  }

  private async step(m: EntityManager, rollout: RolloutEntity): Promise<void> {
    await this.judge(m, rollout);
    const counts = await m.query<{ devices: number; succeeded: number; failed: number }[]>(
      `SELECT count(*)::int AS devices, count(*) FILTER (WHERE state = 'succeeded')::int AS succeeded,
         count(*) FILTER (WHERE state = 'failed')::int AS failed
       FROM rollout_device WHERE rollout_id = $1 AND batch = $2`,
      [rollout.id, rollout.currentBatch],
    );
    const { devices, succeeded, failed } = counts[0];
    const required = requiredSuccesses(devices, rollout.successThresholdPercent);
    if (succeeded >= required || rollout.overriddenBatch === rollout.currentBatch) {
      await this.batches.advance(m, rollout);
    } else if (devices - failed < required) {
      const failures = await m.query<{ deviceId: string; reason: string }[]>(
        `SELECT device_id AS "deviceId", reason FROM rollout_device
         WHERE rollout_id = $1 AND batch = $2 AND state = 'failed' ORDER BY device_id`,
        [rollout.id, rollout.currentBatch],
      );
      await this.batches.transition(m, rollout, 'paused', {
        batch: rollout.currentBatch,
        message: `${failed} of ${devices} devices failed; ${required} must succeed`,
        failed: failures,
      });
    }
  }

  /** Judges the pending devices of every started batch (a batch that passed may still have some). */
  private async judge(m: EntityManager, rollout: RolloutEntity): Promise<void> {
    const pending = await m.query<PendingRow[]>(
      `SELECT d.device_id, d.target_version::text AS target_version, d.workloads, d.started_at,
         s.config_version, s.workloads AS reported, s.presence, v.state AS registry_state
       FROM rollout_device d
       LEFT JOIN device_status s ON s.device_id = d.device_id
       LEFT JOIN device_view v ON v.device_id = d.device_id
       WHERE d.rollout_id = $1 AND d.state = 'updated'`,
      [rollout.id],
    );
    const now = new Date();
    const judged = pending.flatMap((row) => {
      const outcome = judgeDevice(
        {
          targetVersion: row.target_version,
          workloads: row.workloads ?? [],
          startedAt: row.started_at,
          timeoutSeconds: rollout.deviceTimeoutSeconds,
        },
        {
          configVersion: row.config_version,
          workloads: row.reported,
          presence: row.presence,
          registryState: row.registry_state,
        },
        now,
      );
      return outcome.state === 'updated'
        ? []
        : [
            {
              device_id: row.device_id,
              state: outcome.state,
              reason: 'reason' in outcome ? outcome.reason : null,
            },
          ];
    });
    if (judged.length > 0) {
      await m.query(
        `UPDATE rollout_device d SET state = r.state, reason = left(r.reason, 300)
         FROM jsonb_to_recordset($2::jsonb) AS r(device_id varchar, state varchar, reason text)
         WHERE d.rollout_id = $1 AND d.device_id = r.device_id`,
        [rollout.id, JSON.stringify(judged)],
      );
    }
  }
}
