import { ADVISORY_LOCKS, RegistrationOutboxEntity } from '@lib/database';
import { EventPublisher, PollingRelay } from '@lib/kafka';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

const BATCH_SIZE = 500;

/**
 * Publishes outbox rows in insertion order and deletes them once the broker acknowledged. A failed publish
 * rolls back, so the rows are tried again; a crash between ack and delete republishes, which readers absorb
 * (lifecycle snapshots carry a revision).
 */
@Injectable()
export class OutboxRelay extends PollingRelay {
  constructor(dataSource: DataSource, publisher: EventPublisher) {
    super(dataSource, publisher, BATCH_SIZE, ADVISORY_LOCKS.registrationOutboxRelay);
  }

  protected async publishRows(manager: EntityManager): Promise<number> {
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
  }
}
