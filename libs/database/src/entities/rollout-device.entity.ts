import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `waiting`: its batch has not started (it is served what it had); then `updated`, and `succeeded` or `failed`. */
export type RolloutDeviceState = 'waiting' | 'updated' | 'succeeded' | 'failed';

/** A device of a rollout, its batch and its outcome. Owner: config-service. */
@Entity({ name: 'rollout_device' })
export class RolloutDeviceEntity {
  @PrimaryColumn({ name: 'rollout_id', type: 'uuid', primaryKeyConstraintName: 'PK_rollout_device' })
  rolloutId!: string;

  @PrimaryColumn({
    name: 'device_id',
    type: 'varchar',
    length: 253,
    primaryKeyConstraintName: 'PK_rollout_device',
  })
  deviceId!: string;

  /** Position in the rollout's `batches`. */
  @Column({ type: 'integer' })
  batch!: number;

  @Column({ type: 'varchar', length: 12 })
  state!: RolloutDeviceState;

  /** The sealed content it was served before its batch started, what an abort restores. */
  @Column({ name: 'previous_content', type: 'jsonb', nullable: true })
  previousContent!: Record<string, unknown> | null;

  @Column({ name: 'previous_hash', type: 'varchar', length: 64, nullable: true })
  previousHash!: string | null;

  /** The configuration version its batch served it; its heartbeat must report it. */
  @Column({ name: 'target_version', type: 'bigint', nullable: true })
  targetVersion!: string | null;

  /** Names of the workloads of that version; each must report running. */
  @Column({ type: 'jsonb', nullable: true })
  workloads!: string[] | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  reason!: string | null;
}
