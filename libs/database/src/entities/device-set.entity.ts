import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { NamespacedResourceEntity } from './namespaced-resource.entity';

/** EdgeDeviceSet specs; devices join with the label `flotta/member-of: <name>`. Owner: config-service. */
@Entity({ name: 'device_set' })
@Index('UQ_device_set_namespace_name', ['namespace', 'name'], { unique: true })
export class DeviceSetEntity extends NamespacedResourceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_device_set' })
  id!: string;

  /** heartbeat, metrics, osInformation, mounts, storage, logCollection. */
  @Column({ type: 'jsonb' })
  spec!: Record<string, unknown>;
}
