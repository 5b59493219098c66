import { ADVISORY_LOCKS, RegistrationOutboxEntity } from '@lib/database';
import { EventPublisher, PollingRelay } from '@lib/kafka';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const BATCH_SIZE = 500;

/**
 * Publishes outbox rows in insertion order and deletes them once the broker acknowledged. A failed publish
 * rolls back, so the rows are tried again; a crash between ack and delete republishes, which readers absorb
 * (lifecycle snapshots carry a revision).
 */
@Injectable()
export class OutboxRelay extends PollingRelay {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
  ) {
    super(BATCH_SIZE);
  }

  protected publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // One relay publishes at a time across replicas, which keeps per-device order.
      const [{ locked }] = await manager.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [ADVISORY_LOCKS.registrationOutboxRelay],
      );
      if (!locked || !this.publisher.isConnected) {
        return 0;
      }
      const rows = await manager.find(RegistrationOutboxEntity, { order: { id: 'ASC' }, take: BATCH_SIZE });
      if (rows.length === 0) {
        return 0;
      }
      // Published together: the publisher sends them as one ordered batch.
      await Promise.all(
        rows.map((row) =>
          this.publisher.publish(row.topic, {
            key: row.messageKey,
            value: JSON.stringify(row.payload),
            headers: row.headers,
          }),
        ),
      );
      await manager.delete(
        RegistrationOutboxEntity,
        rows.map((row) => row.id),
      );
      return rows.length;
    });
  }
}
