import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Rules that approve matching enrolments. Owner: config-service. Reader: registration-worker. */
@Entity({ name: 'auto_approval_rule' })
@Index('UQ_auto_approval_rule_name', ['name'], { unique: true })
export class AutoApprovalRuleEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_auto_approval_rule' })
  id!: string;

  @Column({ type: 'varchar', length: 63 })
  name!: string;

  /** Glob (`*`, `?`) matched against the whole device ID. */
  @Column({ name: 'device_id_pattern', type: 'varchar', length: 253 })
  deviceIdPattern!: string;

  /** Glob matched against the namespace the device asked for. */
  @Column({ name: 'namespace_pattern', type: 'varchar', length: 63 })
  namespacePattern!: string;

  /** Namespace approved devices go to; null keeps the requested one. */
  @Column({ name: 'target_namespace', type: 'varchar', length: 63, nullable: true })
  targetNamespace!: string | null;

  @Column({ type: 'jsonb', default: {} })
  labels!: Record<string, string>;

  /** Lower runs first; ties break by name. */
  @Column({ type: 'integer', default: 100 })
  priority!: number;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'resource_version', type: 'integer', default: 1 })
  resourceVersion!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
