import { AppConfig } from '@lib/config';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

const INTERVAL_MS = 60_000;
const BATCH = 10_000;

/** Deletes reported events older than the retention, in bounded batches so no long lock is taken. */
@Injectable()
export class EventRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventRetention.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge(), INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async purge(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const [, deleted] = await this.dataSource.query<[unknown, number]>(
          `DELETE FROM device_event WHERE ctid = ANY(ARRAY(
             SELECT ctid FROM device_event WHERE received_at < now() - make_interval(hours => $1) LIMIT $2))`,
          [this.config.heartbeats.eventRetentionHours, BATCH],
        );
        total += deleted;
        if (deleted < BATCH) {
          return total;
        }
      }
    } catch (error) {
      this.logger.error({ err: error, msg: 'Event retention failed; retrying later' });
      return total;
    }
  }
}
