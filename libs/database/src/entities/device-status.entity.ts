import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Latest reported state of each device. Owner: heartbeat-worker. Reader: config-service. */
@Entity({ name: 'device_status' })
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
   * within a second with the same body (CONTRACT.md 4.2): a repeat inside the retry window is not recorded.
   */
  @Column({ name: 'last_digest', type: 'varchar', length: 64, nullable: true })
  lastDigest!: string | null;

  @Column({ name: 'last_event_id', type: 'uuid' })
  lastEventId!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
