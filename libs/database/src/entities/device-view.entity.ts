import type { DeviceState, HardwareInfo } from '@lib/contracts';
import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The read model of the registry, projected from `device.lifecycle.v1`. Owner: config-service.
 * Keyed by device ID: device IDs are unique across namespaces (the first registration finds a device by ID).
 */
@Entity({ name: 'device_view' })
@Index('IDX_device_view_namespace_state', ['namespace', 'state'])
@Index('IDX_device_view_state_enrolled_at', ['state', 'enrolledAt'])
export class DeviceViewEntity {
  @PrimaryColumn({
    name: 'device_id',
    type: 'varchar',
    length: 253,
    primaryKeyConstraintName: 'PK_device_view',
  })
  deviceId!: string;

  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  @Column({ name: 'requested_namespace', type: 'varchar', length: 63 })
  requestedNamespace!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: DeviceState;

  /** Registry revision of this snapshot; an older snapshot never overwrites a newer one. */
  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'jsonb', default: {} })
  labels!: Record<string, string>;

  @Column({ type: 'jsonb', nullable: true })
  hardware!: HardwareInfo | null;

  @Column({ name: 'enrolled_at', type: 'timestamptz' })
  enrolledAt!: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decided_by', type: 'varchar', length: 253, nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason!: string | null;

  @Column({ name: 'registered_at', type: 'timestamptz', nullable: true })
  registeredAt!: Date | null;

  @Column({ name: 'decommissioned_at', type: 'timestamptz', nullable: true })
  decommissionedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
