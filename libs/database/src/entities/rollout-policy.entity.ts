import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One batch of a rollout policy, as the management API took it. */
export interface RolloutPolicyBatch {
  /** A label selector (`app=cam,site in (a,b)`); absent: any device no earlier batch took. */
  selector?: string;
  /** How many devices: a count, or `N%` of the rollout's devices; absent: every device the selector picks. */
  limit?: number | string;
  approval: 'auto' | 'manual';
}

/** A namespace's staged-rollout policy; without one, catalogue changes reach devices at once. Owner: config-service. */
@Entity({ name: 'rollout_policy' })
export class RolloutPolicyEntity {
  @PrimaryColumn({ type: 'varchar', length: 63, primaryKeyConstraintName: 'PK_rollout_policy' })
  namespace!: string;

  @Column({ type: 'jsonb' })
  batches!: RolloutPolicyBatch[];

  /** Percentage of a batch's devices that must succeed before the next batch starts. */
  @Column({ name: 'success_threshold_percent', type: 'smallint' })
  successThresholdPercent!: number;

  @Column({ name: 'device_timeout_seconds', type: 'integer' })
  deviceTimeoutSeconds!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
