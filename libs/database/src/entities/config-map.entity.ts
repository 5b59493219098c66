import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** ConfigMaps that workloads reference. Owner: config-service. */
@Entity({ name: 'config_map' })
@Index('UQ_config_map_namespace_name', ['namespace', 'name'], { unique: true })
export class ConfigMapEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_config_map' })
  id!: string;

  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  @Column({ type: 'varchar', length: 253 })
  name!: string;

  @Column({ type: 'jsonb', default: {} })
  data!: Record<string, string>;

  @Column({ type: 'jsonb', default: {} })
  labels!: Record<string, string>;

  /** Bumped on every write; `If-Match` compares against it. */
  @Column({ name: 'resource_version', type: 'integer', default: 1 })
  resourceVersion!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
