import { Column, CreateDateColumn, UpdateDateColumn } from 'typeorm';

/**
 * The columns every namespaced catalogue resource shares (workloads, device sets, secrets, configmaps, playbook
 * executions): its name in a namespace, the resourceVersion `If-Match` compares against, and its times. Each
 * entity adds its primary key (named for its table) and its content.
 */
export abstract class NamespacedResourceEntity {
  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  @Column({ type: 'varchar', length: 253 })
  name!: string;

  /** Bumped on every write; `If-Match` compares against it. */
  @Column({ name: 'resource_version', type: 'integer', default: 1 })
  resourceVersion!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
