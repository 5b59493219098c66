import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What the heartbeat worker knows of each device's served configuration, from `device.configuration-changed.v1`:
 * the version a device in sync reports and the heartbeat period it is judged by. Owner: heartbeat-worker (the
 * config service's own `device_configuration` is read by nobody else).
 */
@Entity({ name: 'desired_configuration' })
export class DesiredConfigurationEntity {
  @PrimaryColumn({
    name: 'device_id',
    type: 'varchar',
    length: 253,
    primaryKeyConstraintName: 'PK_desired_configuration',
  })
  deviceId!: string;

  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  @Column({ type: 'bigint' })
  version!: string;

  /** False once the device is no longer served: its heartbeats are judged by the default period again. */
  @Column({ type: 'boolean' })
  served!: boolean;

  /** The configuration's positive `heartbeat.period_seconds`; null: the agent's default, 60 s. */
  @Column({ name: 'heartbeat_period_seconds', type: 'int', nullable: true })
  heartbeatPeriodSeconds!: number | null;

  /** `delta` when the configuration asks the device for hardware deltas; null: full reports. */
  @Column({ name: 'hardware_profile_scope', type: 'varchar', length: 5, nullable: true })
  hardwareProfileScope!: 'delta' | null;

  /** The render this row comes from; an older event never overwrites a newer one. */
  @Column({ name: 'rendered_at', type: 'timestamptz' })
  renderedAt!: Date;
}
