import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventPublisher } from './event-publisher';

const POLL_INTERVAL_MS = 1000;

/**
 * Drains rows written in the database to Kafka in batches: on a nudge right after a write, and on a poll as the
 * safety net for rows written by another replica or left by a failed publish. Each batch runs in a transaction
 * that holds the relay's advisory lock, so one replica publishes at a time and the topic keeps the table's
 * order. Subclasses publish one batch and say how many rows it held; a full batch or a nudge during a run makes
 * another pass.
 */
export abstract class PollingRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private pendingNudge = false;

  protected constructor(
    private readonly dataSource: DataSource,
    protected readonly publisher: EventPublisher,
    protected readonly batchSize: number,
    private readonly lockKey: number,
  ) {}

  /** Reads at most batchSize rows, publishes them, marks or deletes them; returns how many. */
  protected abstract publishRows(manager: EntityManager): Promise<number>;

  onApplicationBootstrap(): void {
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
      } while (published === this.batchSize || (this.pendingNudge && published > 0));
    } catch (error) {
      this.logger.error({ err: error, msg: 'Relay failed; retrying on the next poll' });
    }
  }

  private publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [this.lockKey],
      );
      return locked && this.publisher.mayPublish ? this.publishRows(manager) : 0;
    });
  }
}
