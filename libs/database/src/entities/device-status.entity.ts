import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Latest reported state of each device. Owner: heartbeat-worker. Reader: config-service. */
@Entity({ name: 'device_status' })
@Index('IDX_device_status_online_late_at', ['lateAt'], { where: "presence = 'online'" })
@Index('IDX_device_status_present_offline_at', ['offlineAt'], { where: "presence <> 'offline'" })
@Index('IDX_device_status_namespace_presence', ['namespace', 'presence'])
export class DeviceStatusEntity {
  @PrimaryColumn({
    name: 'device_id',
    type: 'varchar',
    length: 253,
    primaryKeyConstraintName: 'PK_device_status',
  })
  deviceId!: string;

  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  /** `up` or `degraded` as the device reported it (any string is kept: the Edge API does not validate). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  status!: string | null;

  /** Receive time of the newest heartbeat; an older heartbeat never overwrites a newer one. */
  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  /** `heartbeat.version`: the configuration version the device last applied. */
  @Column({ name: 'config_version', type: 'varchar', length: 64, nullable: true })
  configVersion!: string | null;

  /**
   * SHA-256 of the last recorded heartbeat body. The Edge API repeats a failed heartbeat up to four times
   * within a second with the same body (docs/contract.md#heartbeat-retries): a repeat inside the retry window is
   * not recorded.
   */
  @Column({ name: 'last_digest', type: 'varchar', length: 64, nullable: true })
  lastDigest!: string | null;

  @Column({ name: 'last_event_id', type: 'uuid' })
  lastEventId!: string;

  /** Each workload's status and last data upload, from the last recorded heartbeat (record policy). */
  @Column({ type: 'jsonb', nullable: true })
  workloads!: unknown[] | null;

  @Column({ name: 'playbook_executions', type: 'jsonb', nullable: true })
  playbookExecutions!: unknown[] | null;

  @Column({ type: 'jsonb', nullable: true })
  upgrade!: Record<string, unknown> | null;

  /** The full hardware profile: a `delta` heartbeat merges into it key by key instead of replacing it. */
  @Column({ type: 'jsonb', nullable: true })
  hardware!: Record<string, unknown> | null;

  /** online, late or offline; judged against the device's own heartbeat period. */
  @Column({ type: 'varchar', length: 8, default: 'online' })
  presence!: 'online' | 'late' | 'offline';

  /**
   * Whether the configuration version the device reported is the one rendered for it (null before a recorded
   * heartbeat carried a version). Judged at each heartbeat: a new desired version shows at the next one.
   */
  @Column({ name: 'in_sync', type: 'boolean', nullable: true })
  inSync!: boolean | null;

  /** The device's heartbeat period, from its rendered configuration (the default until it has one). */
  @Column({ name: 'period_seconds', type: 'integer', default: 60 })
  periodSeconds!: number;

  /** When the device turns late / offline without another heartbeat; indexed so the check never scans. */
  @Column({ name: 'late_at', type: 'timestamptz', default: () => 'now()' })
  lateAt!: Date;

  @Column({ name: 'offline_at', type: 'timestamptz', default: () => 'now()' })
  offlineAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
