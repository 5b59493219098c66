import { Column, CreateDateColumn } from 'typeorm';

/**
 * The columns every outbox shares (registration_outbox, registry_command_outbox): one Kafka message, written in the
 * transaction of the change it announces, deleted once the broker acknowledged it. Each entity adds its sequence
 * key (named for its table), by which its relay publishes in insertion order.
 */
export abstract class OutboxMessageEntity {
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
