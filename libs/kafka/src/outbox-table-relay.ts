import type { DataSource, EntityManager, EntityTarget } from 'typeorm';
import type { EventPublisher } from './event-publisher';
import { PollingRelay } from './polling-relay';

/** The columns an outbox table holds: a sequence id, and the message as it will be published. */
export interface OutboxMessageRow {
  id: string;
  topic: string;
  messageKey: string;
  payload: Record<string, unknown>;
  headers: Record<string, string>;
}

const BATCH_SIZE = 500;

/**
 * Publishes an outbox table's rows in insertion order and deletes them once the broker acknowledged. A failed
 * publish rolls back, so the rows are tried again; a crash between the ack and the delete republishes the batch,
 * in the same order with the same eventIds, which readers absorb.
 */
export abstract class OutboxTableRelay extends PollingRelay {
  protected constructor(
    dataSource: DataSource,
    publisher: EventPublisher,
    lockKey: number,
    private readonly table: EntityTarget<OutboxMessageRow>,
  ) {
    super(dataSource, publisher, BATCH_SIZE, lockKey);
  }

  protected async publishRows(manager: EntityManager): Promise<number> {
    const rows = await manager.find(this.table, { order: { id: 'ASC' }, take: BATCH_SIZE });
    if (rows.length === 0) {
      return 0;
    }
    // Published together: the publisher sends them as one ordered batch (per topic, in this order).
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
      this.table,
      rows.map((row) => row.id),
    );
    return rows.length;
  }
}
