import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { OutboxMessageEntity } from './outbox-message.entity';

/**
 * Events the registration worker must publish, written in the same transaction as the registry change.
 * Owner: registration-worker. A sequence key (not a UUID) because the relay publishes in insertion order;
 * rows are deleted once the broker acknowledged them.
 */
@Entity({ name: 'registration_outbox' })
export class RegistrationOutboxEntity extends OutboxMessageEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'PK_registration_outbox',
  })
  id!: string;
}
