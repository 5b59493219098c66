import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { NamespacedResourceEntity } from './namespaced-resource.entity';

/** EdgeWorkload specs (docs/contract.md#configuration-assembly). Owner: config-service. */
@Entity({ name: 'workload' })
@Index('UQ_workload_namespace_name', ['namespace', 'name'], { unique: true })
export class WorkloadEntity extends NamespacedResourceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_workload' })
  id!: string;

  /** The EdgeWorkload spec as validated by the management API (device or deviceSelector, pod.spec, ...). */
  @Column({ type: 'jsonb' })
  spec!: Record<string, unknown>;
}
