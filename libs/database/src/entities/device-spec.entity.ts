import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A device's own configuration; overrides its device set field by field. Owner: config-service. */
@Entity({ name: 'device_spec' })
export class DeviceSpecEntity {
  @PrimaryColumn({
    name: 'device_id',
    type: 'varchar',
    length: 253,
    primaryKeyConstraintName: 'PK_device_spec',
  })
  deviceId!: string;

  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  /** Same sections as a device set: heartbeat, metrics, osInformation, mounts, storage, logCollection. */
  @Column({ type: 'jsonb' })
  spec!: Record<string, unknown>;

  @Column({ name: 'resource_version', type: 'integer', default: 1 })
  resourceVersion!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
