import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Events the registration worker must publish, written in the same transaction as the registry change.
 * Owner: registration-worker. A sequence key (not a UUID) because the relay publishes in insertion order;
 * rows are deleted once the broker acknowledged them.
 */
@Entity({ name: 'registration_outbox' })
export class RegistrationOutboxEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'PK_registration_outbox',
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
