import { type AppConfig } from '@lib/config';
import { parseEvent } from '@lib/contracts';
import { type MetricsService } from '@lib/observability';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ClassConstructor } from 'class-transformer';
import type { Batch, Consumer, KafkaMessage } from 'kafkajs';
import { type ConsumerLagMonitor } from './consumer-lag-monitor';
import type { ConsumerReadiness, ConsumerState } from './consumer-readiness';
import { type DeadLetterOrigin, type DeadLetterService } from './dead-letter.service';
import { isPermanent } from './errors';
import { createKafka } from './kafka-client';

const RESTART_DELAY_MS = 5000;

export interface ConsumedEvent<T> {
  event: T;
  message: KafkaMessage;
}

/** An event its handler refused for good (an unknown device, a forbidden transition): it goes to the DLQ. */
export interface RejectedEvent<T> {
  consumed: ConsumedEvent<T>;
  error: Error & { code?: string };
}

interface BatchProgress {
  heartbeat: () => Promise<void>;
  resolveOffset: (offset: string) => void;
}

/**
 * The apps' Kafka consumer: handles its topics a partition batch at a time (KafkaJS eachBatch), so that a
 * backlog costs a few database round trips per batch, not per message. Invalid messages and events refused
 * for good go to the DLQ; a batch that fails otherwise is not committed and comes back; offsets are committed
 * after the batch was handled.
 */
export abstract class BatchConsumer<T extends object>
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  /** The topics consumed, each with the class its events are validated against. */
  protected abstract readonly eventClasses: Readonly<Record<string, ClassConstructor<T>>>;
  protected readonly logger = new Logger(this.constructor.name);
  private consumer?: Consumer;
  private consumerState: ConsumerState = 'starting';
  private closing = false;
  private restartTimer?: NodeJS.Timeout;

  constructor(
    protected readonly config: AppConfig,
    private readonly deadLetters: DeadLetterService,
    protected readonly metrics: MetricsService,
    private readonly readiness: ConsumerReadiness,
    private readonly lag: ConsumerLagMonitor,
  ) {}

  /**
   * Handles the valid events of one partition's batch, in offset order. Throw to have the batch retried; return
   * the events refused for good (the rest having been handled) to have them dead-lettered.
   */
  protected abstract handleBatch(
    events: ConsumedEvent<T>[],
    topic: string,
    heartbeat: () => Promise<void>,
  ): Promise<RejectedEvent<T>[] | void>;

  get state(): ConsumerState {
    return this.consumerState;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.readiness.watch(this);
    await this.start();
    this.lag.start(Object.keys(this.eventClasses));
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearTimeout(this.restartTimer);
    // KafkaJS lets the batch in progress finish; its commit may be refused once stopping, and the batch is then
    // redelivered to the partition's next owner, which handles it idempotently.
    await this.consumer?.disconnect();
  }

  private async start(): Promise<void> {
    const consumer = createKafka(this.config.kafka).consumer({
      groupId: this.config.kafka.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3000,
    });
    consumer.on(consumer.events.GROUP_JOIN, () => (this.consumerState = 'joined'));
    consumer.on(consumer.events.REBALANCING, () => (this.consumerState = 'rebalancing'));
    consumer.on(consumer.events.STOP, () => (this.consumerState = 'stopped'));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.consumerState = 'crashed';
      // KafkaJS restarts itself after retriable errors only; after any other it has stopped for good, and the
      // app would live on without consuming.
      if (!payload.restart) {
        this.restartLater(payload.error);
      }
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: Object.keys(this.eventClasses), fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.config.kafka.partitionsConsumedConcurrently,
      eachBatch: (payload) =>
        this.onBatch(payload.batch, {
          heartbeat: () => payload.heartbeat(),
          resolveOffset: (offset) => payload.resolveOffset(offset),
        }),
    });
  }

  private restartLater(error: unknown): void {
    if (this.closing) {
      return;
    }
    this.logger.error({ err: error, msg: `Consumer stopped; a new one starts in ${RESTART_DELAY_MS} ms` });
    this.restartTimer = setTimeout(() => {
      void this.consumer
        ?.disconnect()
        .catch(() => undefined)
        .then(() => this.start())
        .catch((failed: unknown) => this.restartLater(failed));
    }, RESTART_DELAY_MS);
  }

  private async onBatch(batch: Batch, progress: BatchProgress): Promise<void> {
    if (batch.messages.length === 0) {
      return;
    }
    const valid: ConsumedEvent<T>[] = [];
    let deadLettered = 0;
    for (const message of batch.messages) {
      try {
        const payload: unknown = JSON.parse(message.value?.toString() ?? 'null');
        valid.push({ event: await parseEvent(this.eventClasses[batch.topic], payload), message });
      } catch (error) {
        const permanent =
          error instanceof SyntaxError ? Object.assign(error, { code: 'INVALID_EVENT' }) : error;
        if (!isPermanent(permanent)) {
          throw error;
        }
        deadLettered += 1;
        await this.deadLetters.send(this.origin(batch, message), permanent);
      }
    }
    deadLettered += await this.handleIsolatingPoison(batch, valid, progress.heartbeat);
    // The fetch position follows resolved offsets, not committed ones: without resolving, the consumer would
    // fetch the same data again and never get past maxBytesPerPartition.
    progress.resolveOffset(batch.lastOffset());
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    await this.consumer?.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
    this.metrics.kafkaConsumed.inc(
      { topic: batch.topic, outcome: 'ok' },
      batch.messages.length - deadLettered,
    );
    if (deadLettered > 0) {
      this.metrics.kafkaHandlerErrors.inc({ topic: batch.topic, kind: 'permanent' }, deadLettered);
      this.metrics.kafkaConsumed.inc({ topic: batch.topic, outcome: 'dead-lettered' }, deadLettered);
    }
  }

  /**
   * Runs the batch; when it fails permanently (data no statement can store), runs it again one message at a
   * time so that only the bad message goes to the DLQ and the partition moves on. Transient errors propagate:
   * the batch is not committed and comes back. Returns how many messages were dead-lettered.
   */
  private async handleIsolatingPoison(
    batch: Batch,
    valid: ConsumedEvent<T>[],
    heartbeat: () => Promise<void>,
  ): Promise<number> {
    if (valid.length === 0) {
      return 0;
    }
    try {
      return await this.deadLetterRejected(batch, await this.handleBatch(valid, batch.topic, heartbeat));
    } catch (error) {
      if (!isPermanent(error)) {
        this.metrics.kafkaHandlerErrors.inc({ topic: batch.topic, kind: 'transient' });
        this.logger.error({ err: error, msg: 'Batch failed; it will be retried', topic: batch.topic });
        throw error;
      }
    }
    let deadLettered = 0;
    for (const one of valid) {
      try {
        deadLettered += await this.deadLetterRejected(
          batch,
          await this.handleBatch([one], batch.topic, heartbeat),
        );
      } catch (error) {
        if (!isPermanent(error)) {
          throw error;
        }
        deadLettered += 1;
        await this.deadLetters.send(this.origin(batch, one.message), error);
      }
    }
    return deadLettered;
  }

  private async deadLetterRejected(batch: Batch, rejected: RejectedEvent<T>[] | void): Promise<number> {
    for (const { consumed, error } of rejected ?? []) {
      await this.deadLetters.send(this.origin(batch, consumed.message), error);
    }
    return rejected?.length ?? 0;
  }

  private origin(batch: Batch, message: KafkaMessage): DeadLetterOrigin {
    return {
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      key: message.key?.toString() ?? '',
      value: message.value ?? '',
      headers: message.headers,
    };
  }
}
