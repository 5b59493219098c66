import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const ROLLOUT_STATES = [
  'progressing',
  'waiting-approval',
  'paused',
  'completed',
  'aborted',
  'superseded',
] as const;
export type RolloutState = (typeof ROLLOUT_STATES)[number];
/** States in which a rollout still holds devices back; at most one per namespace. */
export const ACTIVE_ROLLOUT_STATES: readonly RolloutState[] = ['progressing', 'waiting-approval', 'paused'];

/** A batch as the rollout planned it (empty batches of the policy are left out). */
export interface RolloutBatchPlan {
  /** Position of the policy batch it came from; the policy's length for the last batch of devices no batch took. */
  policyBatch: number;
  approval: 'auto' | 'manual';
}

/** The catalogue write that started a rollout. */
export interface RolloutChange {
  kind: string;
  name: string;
  action: 'put' | 'delete';
}

/**
 * A staged rollout of one catalogue change to the devices of a namespace. Owner: config-service. Progress is driven
 * from these rows (and rollout_device) by whichever replica locks them, so a restart resumes where it was.
 */
@Entity({ name: 'rollout' })
@Index('IDX_rollout_namespace_created', ['namespace', 'createdAt', 'id'])
@Index('UQ_rollout_active_namespace', ['namespace'], {
  unique: true,
  where: `state IN ('progressing', 'waiting-approval', 'paused')`,
})
@Index('IDX_rollout_unannounced', ['id'], { where: 'announced = false' })
export class RolloutEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_rollout' })
  id!: string;

  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  @Column({ type: 'varchar', length: 20 })
  state!: RolloutState;

  @Column({ type: 'jsonb' })
  change!: RolloutChange;

  @Column({ type: 'jsonb' })
  batches!: RolloutBatchPlan[];

  @Column({ name: 'success_threshold_percent', type: 'smallint' })
  successThresholdPercent!: number;

  @Column({ name: 'device_timeout_seconds', type: 'integer' })
  deviceTimeoutSeconds!: number;

  /** The last batch started (-1: none yet). */
  @Column({ name: 'current_batch', type: 'integer', default: -1 })
  currentBatch!: number;

  /** A batch an operator let pass whatever its devices did (resume after a pause for failures). */
  @Column({ name: 'overridden_batch', type: 'integer', default: -1 })
  overriddenBatch!: number;

  /** Why it paused: `operator`, or the failed devices of the batch with their reasons. */
  @Column({ type: 'jsonb', nullable: true })
  reason!: Record<string, unknown> | null;

  /** False until its current state was published on `rollout.state-changed.v1`. */
  @Column({ type: 'boolean', default: false })
  announced!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
