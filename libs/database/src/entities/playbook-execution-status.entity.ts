import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One state a playbook execution reached, as upstream keeps conditions on the PlaybookExecution. */
export interface PlaybookCondition {
  type: string;
  lastTransitionTime: string;
}

/**
 * Each playbook execution's state as its device reports it in heartbeats, with every transition.
 * Owner: heartbeat-worker. Reader: config-service (shows it, and stops serving a finished execution).
 */
@Entity({ name: 'playbook_execution_status' })
export class PlaybookExecutionStatusEntity {
  @PrimaryColumn({
    name: 'device_id',
    type: 'varchar',
    length: 253,
    primaryKeyConstraintName: 'PK_playbook_execution_status',
  })
  deviceId!: string;

  /** The execution's name, as the device reports it (the catalogue's name). */
  @PrimaryColumn({ type: 'varchar', length: 253, primaryKeyConstraintName: 'PK_playbook_execution_status' })
  name!: string;

  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  /** `Deploying`, `TargetVerification`, `Running`, `SuccessfullyCompleted`, `CompletedWithError` (as reported). */
  @Column({ type: 'varchar', length: 64 })
  state!: string;

  @Column({ name: 'last_transition_at', type: 'timestamptz' })
  lastTransitionAt!: Date;

  /** Every transition, oldest first. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  conditions!: PlaybookCondition[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
