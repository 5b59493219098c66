import { AppConfig } from '@lib/config';
import { MetricsService } from '@lib/observability';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin } from 'kafkajs';
import { createKafka } from './kafka-client';

const INTERVAL_MS = 10_000;

/** Publishes `kafka_consumer_lag` (end offset minus committed offset) for the app's group, per partition. */
@Injectable()
export class ConsumerLagMonitor implements OnApplicationShutdown {
  private readonly logger = new Logger(ConsumerLagMonitor.name);
  private admin?: Admin;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  start(topics: string[]): void {
    if (topics.length === 0 || this.timer) {
      return;
    }
    this.admin = createKafka(this.config.kafka, `${this.config.kafka.clientId}-lag`).admin();
    this.timer = setInterval(() => void this.measure(topics), INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.admin?.disconnect();
  }

  private async measure(topics: string[]): Promise<void> {
    const admin = this.admin;
    if (!admin) {
      return;
    }
    try {
      await admin.connect();
      const committed = await admin.fetchOffsets({ groupId: this.config.kafka.groupId, topics });
      for (const { topic, partitions } of committed) {
        const ends = await admin.fetchTopicOffsets(topic);
        for (const end of ends) {
          const done = partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
          // -1: nothing committed yet; the whole partition counts as lag (the group reads from the beginning).
          const lag = Number(end.high) - Math.max(Number(done), Number(end.low));
          this.metrics.kafkaConsumerLag.set({ topic, partition: String(end.partition) }, Math.max(lag, 0));
        }
      }
    } catch (error) {
      this.logger.warn({ err: error, msg: 'Consumer lag not measured' });
    }
  }
}
