import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { OutboxMessageEntity } from './outbox-message.entity';

/**
 * Operators' commands for the registration worker (enrolment decisions, label changes, decommissions, imports),
 * written in the transaction of the request's audit entry and published by the config service's relay.
 * Owner: config-service. A sequence key: the relay publishes in acceptance order; rows are deleted once the
 * broker acknowledged them.
 */
@Entity({ name: 'registry_command_outbox' })
export class RegistryCommandOutboxEntity extends OutboxMessageEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'PK_registry_command_outbox',
  })
  id!: string;
}
