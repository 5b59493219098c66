import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Operators' commands for the registration worker (enrolment decisions, label changes, decommissions, imports),
 * written in the transaction of the request's audit entry and published by the config service's relay.
 * Owner: config-service. A sequence key: the relay publishes in acceptance order; rows are deleted once the
 * broker acknowledged them.
 */
@Entity({ name: 'registry_command_outbox' })
export class RegistryCommandOutboxEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'PK_registry_command_outbox',
  })
  id!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ type: 'varchar', length: 249 })
  topic!: string;

  @Column({ name: 'message_key', type: 'varchar', length: 512 })
  messageKey!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'jsonb', default: {} })
  headers!: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
