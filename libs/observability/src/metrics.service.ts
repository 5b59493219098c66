import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per app instance (not the global one, so several apps can share a test process). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly kafkaProduced = new Counter({
    name: 'kafka_messages_produced_total',
    help: 'Messages acknowledged by the broker, by topic',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });

  readonly kafkaProduceErrors = new Counter({
    name: 'kafka_produce_errors_total',
    help: 'Publishes that failed or timed out, by topic',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });

  readonly kafkaConsumed = new Counter({
    name: 'kafka_messages_consumed_total',
    help: 'Messages handled and committed, by topic and outcome (ok, dead-lettered)',
    labelNames: ['topic', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly kafkaHandlerErrors = new Counter({
    name: 'kafka_handler_errors_total',
    help: 'Handler failures by topic and kind (transient: retried, permanent: dead-lettered)',
    labelNames: ['topic', 'kind'] as const,
    registers: [this.registry],
  });

  readonly kafkaConsumerLag = new Gauge({
    name: 'kafka_consumer_lag',
    help: 'Messages behind the end of each partition for this app consumer group',
    labelNames: ['topic', 'partition'] as const,
    registers: [this.registry],
  });

  private poolStats?: () => { total: number; idle: number; waiting: number };

  readonly dbPool = new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections by state (total, idle, waiting)',
    labelNames: ['state'] as const,
    registers: [this.registry],
    // Read at scrape time, so the figure is current without a timer.
    collect: () => {
      const stats = this.poolStats?.();
      if (stats) {
        this.dbPool.set({ state: 'total' }, stats.total);
        this.dbPool.set({ state: 'idle' }, stats.idle);
        this.dbPool.set({ state: 'waiting' }, stats.waiting);
      }
    },
  });

  /** The database module tells where to read pool figures from. */
  watchPool(stats: () => { total: number; idle: number; waiting: number }): void {
    this.poolStats = stats;
  }

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
