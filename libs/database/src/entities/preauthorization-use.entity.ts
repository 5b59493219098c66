import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * That a pre-authorisation approved its device: at most one row per pre-authorisation (its primary key), written
 * in the transaction that approves. Owner: registration-worker. Reader: config-service (the state it shows).
 */
@Entity({ name: 'preauthorization_use' })
export class PreauthorizationUseEntity {
  @PrimaryColumn({
    name: 'preauthorization_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_preauthorization_use',
  })
  preauthorizationId!: string;

  @Column({ name: 'device_id', type: 'varchar', length: 253 })
  deviceId!: string;

  @Column({ name: 'used_at', type: 'timestamptz' })
  usedAt!: Date;
}
