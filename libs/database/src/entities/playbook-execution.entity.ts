import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Ansible playbooks to run on one device, served on GET playbookexecutions. Owner: config-service. */
@Entity({ name: 'playbook_execution' })
@Index('UQ_playbook_execution_namespace_name', ['namespace', 'name'], { unique: true })
@Index('IDX_playbook_execution_device_id', ['deviceId'])
export class PlaybookExecutionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_playbook_execution' })
  id!: string;

  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  @Column({ type: 'varchar', length: 253 })
  name!: string;

  @Column({ name: 'device_id', type: 'varchar', length: 253 })
  deviceId!: string;

  /** The playbook as text (upstream: spec.playbook.content). */
  @Column({ type: 'text' })
  playbook!: string;

  /** Bumped on every write; `If-Match` compares against it. */
  @Column({ name: 'resource_version', type: 'integer', default: 1 })
  resourceVersion!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
