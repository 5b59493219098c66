import { RegistrationOutboxEntity } from '@lib/database';
import { EventPublisher } from '@lib/kafka';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

const BATCH_SIZE = 500;
const POLL_INTERVAL_MS = 1000;
/** Advisory lock key: one relay publishes at a time across replicas, which keeps per-device order. */
const RELAY_LOCK_KEY = 4_242_001;

/**
 * Publishes outbox rows in insertion order and deletes them once the broker acknowledged. A failed publish
 * rolls back, so the rows are tried again; a crash between ack and delete republishes, which readers absorb
 * (lifecycle snapshots carry a revision).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private pendingNudge = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
  ) {}

  onApplicationBootstrap(): void {
    // The poll is the safety net for rows written by another replica or left by a failed publish.
    this.timer = setInterval(() => this.nudge(), POLL_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Asks for a run now; a run already in progress makes one more pass when it ends. */
  nudge(): void {
    if (this.running) {
      this.pendingNudge = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
  }

  private async drain(): Promise<void> {
    try {
      let published: number;
      do {
        this.pendingNudge = false;
        published = await this.publishBatch();
      } while (published === BATCH_SIZE || (this.pendingNudge && published > 0));
    } catch (error) {
      this.logger.error({ err: error, msg: 'Outbox relay failed; retrying on the next poll' });
    }
  }

  private publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [RELAY_LOCK_KEY],
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
