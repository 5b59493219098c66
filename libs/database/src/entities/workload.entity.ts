import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** EdgeWorkload specs (docs/contract.md#configuration-assembly). Owner: config-service. */
@Entity({ name: 'workload' })
@Index('UQ_workload_namespace_name', ['namespace', 'name'], { unique: true })
export class WorkloadEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_workload' })
  id!: string;

  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  @Column({ type: 'varchar', length: 253 })
  name!: string;

  /** The EdgeWorkload spec as validated by the management API (device or deviceSelector, pod.spec, ...). */
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
