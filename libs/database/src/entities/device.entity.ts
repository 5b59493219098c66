import type { DeviceState, HardwareInfo } from '@lib/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** The device registry. Owner: registration-worker. Readers: none (others use the lifecycle topic). */
@Entity({ name: 'device' })
@Index('UQ_device_device_id', ['deviceId'], { unique: true })
export class DeviceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_device' })
  id!: string;

  @Column({ name: 'device_id', type: 'varchar', length: 253 })
  deviceId!: string;

  /** Approved namespace, or the requested one while not approved. */
  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  @Column({ name: 'requested_namespace', type: 'varchar', length: 63 })
  requestedNamespace!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: DeviceState;

  /** Bumped on every change; the lifecycle events carry it so readers can drop stale snapshots. */
  @Column({ type: 'integer', default: 1 })
  revision!: number;

  @Column({ type: 'jsonb', default: {} })
  labels!: Record<string, string>;

  @Column({ type: 'jsonb', nullable: true })
  hardware!: HardwareInfo | null;

  @Column({ name: 'enrolment_info', type: 'jsonb', nullable: true })
  enrolmentInfo!: Record<string, unknown> | null;

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
