import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** EdgeDeviceSet specs; devices join with the label `flotta/member-of: <name>`. Owner: config-service. */
@Entity({ name: 'device_set' })
@Index('UQ_device_set_namespace_name', ['namespace', 'name'], { unique: true })
export class DeviceSetEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_device_set' })
  id!: string;

  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  @Column({ type: 'varchar', length: 253 })
  name!: string;

  /** heartbeat, metrics, osInformation, mounts, storage, logCollection. */
  @Column({ type: 'jsonb' })
  spec!: Record<string, unknown>;

  /** Bumped on every write; `If-Match` compares against it. */
  @Column({ name: 'resource_version', type: 'integer', default: 1 })
  resourceVersion!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
