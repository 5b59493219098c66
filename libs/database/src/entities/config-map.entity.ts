import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { NamespacedResourceEntity } from './namespaced-resource.entity';

/** ConfigMaps that workloads reference. Owner: config-service. */
@Entity({ name: 'config_map' })
@Index('UQ_config_map_namespace_name', ['namespace', 'name'], { unique: true })
export class ConfigMapEntity extends NamespacedResourceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_config_map' })
  id!: string;

  @Column({ type: 'jsonb', default: {} })
  data!: Record<string, string>;

  @Column({ type: 'jsonb', default: {} })
  labels!: Record<string, string>;
}
