import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { NamespacedResourceEntity } from './namespaced-resource.entity';

/** Ansible playbooks to run on one device, served on GET playbookexecutions. Owner: config-service. */
@Entity({ name: 'playbook_execution' })
@Index('UQ_playbook_execution_namespace_name', ['namespace', 'name'], { unique: true })
@Index('IDX_playbook_execution_device_id', ['deviceId'])
export class PlaybookExecutionEntity extends NamespacedResourceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_playbook_execution' })
  id!: string;

  @Column({ name: 'device_id', type: 'varchar', length: 253 })
  deviceId!: string;

  /** The playbook as text (upstream: spec.playbook.content). */
  @Column({ type: 'text' })
  playbook!: string;
}
