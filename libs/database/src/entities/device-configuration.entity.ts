import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The rendered device-configuration-message of each device, what GET configuration answers (a lookup, never an
 * assembly on the request path). Owner: config-service. Secret material inside `content` is sealed.
 */
@Entity({ name: 'device_configuration' })
@Index('IDX_device_configuration_namespace', ['namespace'])
@Index('IDX_device_configuration_unannounced', ['deviceId'], { where: 'announced = false' })
export class DeviceConfigurationEntity {
  @PrimaryColumn({
    name: 'device_id',
    type: 'varchar',
    length: 253,
    primaryKeyConstraintName: 'PK_device_configuration',
  })
  deviceId!: string;

  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  /** Bumped only when the content changes (content_hash differs); monotonic, the row is never deleted. */
  @Column({ type: 'bigint' })
  version!: string;

  /** The message without `version`; null once the device is no longer served (decommissioned, rejected). */
  @Column({ type: 'jsonb', nullable: true })
  content!: Record<string, unknown> | null;

  /** SHA-256 of the content before sealing; the comparison that decides whether `version` moves. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64, nullable: true })
  contentHash!: string | null;

  @Column({ name: 'rendered_at', type: 'timestamptz' })
  renderedAt!: Date;

  /** False until ConfigurationChangedRelay published this render on `device.configuration-changed.v1`. */
  @Column({ type: 'boolean', default: false })
  announced!: boolean;
}
