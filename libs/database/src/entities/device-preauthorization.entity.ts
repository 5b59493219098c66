import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A device authorised before its first contact: when it enrols, the registry approves it into this namespace with
 * these labels. Owner: config-service. Reader: registration-worker (which records the use in its own
 * `preauthorization_use`).
 */
@Entity({ name: 'device_preauthorization' })
@Index('UQ_device_preauthorization_id', ['id'], { unique: true })
@Index('IDX_device_preauthorization_namespace', ['namespace', 'deviceId'])
export class DevicePreauthorizationEntity {
  @PrimaryColumn({
    name: 'device_id',
    type: 'varchar',
    length: 253,
    primaryKeyConstraintName: 'PK_device_preauthorization',
  })
  deviceId!: string;

  /** New on every PUT: a use is recorded against this, so a replaced pre-authorisation is unused again. */
  @Column({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  @Column({ type: 'jsonb', default: {} })
  labels!: Record<string, string>;

  /** Null: never expires. An enrolment after this is not approved by it. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  /** The actor who created it, as in `decidedBy: "preauthorization:<actor>"`. */
  @Column({ name: 'created_by', type: 'varchar', length: 300 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
