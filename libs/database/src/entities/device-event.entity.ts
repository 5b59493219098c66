import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The events devices reported in their heartbeats, kept for HEARTBEAT_EVENT_RETENTION_HOURS.
 * Owner: heartbeat-worker. Reader: config-service. Keyed by the heartbeat's event id and the event's position,
 * so a redelivered heartbeat cannot add an event twice.
 */
@Entity({ name: 'device_event' })
@Index('IDX_device_event_device_received_at', ['deviceId', 'receivedAt'])
@Index('IDX_device_event_received_at', ['receivedAt'])
export class DeviceEventEntity {
  @PrimaryColumn({ name: 'heartbeat_id', type: 'uuid', primaryKeyConstraintName: 'PK_device_event' })
  heartbeatId!: string;

  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'PK_device_event' })
  seq!: number;

  @Column({ name: 'device_id', type: 'varchar', length: 253 })
  deviceId!: string;

  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  /** `info` or `warn` as reported (not validated, like upstream). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  type!: string | null;

  @Column({ type: 'varchar', length: 253, nullable: true })
  reason!: string | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;
}
