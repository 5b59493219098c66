import { AppConfig } from '@lib/config';
import { parseEvent } from '@lib/contracts';
import { MetricsService } from '@lib/observability';
import { Injectable, Logger } from '@nestjs/common';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import type { ClassConstructor } from 'class-transformer';
import type { Batch, Consumer, KafkaMessage } from 'kafkajs';
import { isObservable, lastValueFrom, type Observable } from 'rxjs';
import { ConsumerLagMonitor } from './consumer-lag-monitor';
import { ConsumerReadiness, type ConsumerState } from './consumer-readiness';
import { type DeadLetterOrigin, DeadLetterService } from './dead-letter.service';
import { isPermanent } from './errors';
import { createKafka } from './kafka-client';

const RESTART_DELAY_MS = 5000;

export const KAFKA_BATCH = Symbol('kafka-batch');

export interface ConsumedEvent<T> {
  event: T;
  message: KafkaMessage;
}

/** An event its handler refused for good (an unknown device, a forbidden transition): it goes to the DLQ. */
export interface RejectedEvent<T> {
  consumed: ConsumedEvent<T>;
  error: Error & { code?: string };
}

/**
 * What a batch handler receives (`@EventPattern(topic, { eventClass }) handle(@Payload() batch: ParsedBatch<E>)`):
 * the valid events of one partition's batch, in offset order. It throws to have the batch retried, and returns
 * the events refused for good (the rest having been handled) to have them dead-lettered.
 */
export interface ParsedBatch<T> {
  topic: string;
  partition: number;
  events: ConsumedEvent<T>[];
  /** Keeps the consumer in its group during a long batch. */
  heartbeat: () => Promise<void>;
}

/** What `@EventPattern`'s extras must name for this server: the class each event is validated against. */
export interface BatchPatternExtras {
  eventClass: ClassConstructor<object>;
}

type BatchHandler = MessageHandler<ParsedBatch<object>, unknown, RejectedEvent<object>[] | void> & {
  extras?: Partial<BatchPatternExtras>;
};

interface BatchProgress {
  heartbeat: () => Promise<void>;
  resolveOffset: (offset: string) => void;
}

/**
 * Nest's transport for the apps' Kafka consumers: handlers are declared with `@EventPattern` (in a
 * `@BatchHandler()` class) and get a partition batch at a time (KafkaJS eachBatch), so that a backlog costs a
 * few database round trips per batch, not per message as with Nest's Kafka transport. Invalid messages and
 * events refused for good go to the DLQ; a batch that fails otherwise is not committed and comes back; offsets
 * are committed after the handler resolved.
 */
@Injectable()
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  override readonly transportId = KAFKA_BATCH;
  protected override readonly logger = new Logger(KafkaBatchServer.name);
  private consumer?: Consumer;
  private consumerState: ConsumerState = 'starting';
  private closing = false;
  private restartTimer?: NodeJS.Timeout;
  private handlers = new Map<string, BatchHandler>();

  constructor(
    private readonly config: AppConfig,
    private readonly deadLetters: DeadLetterService,
    private readonly metrics: MetricsService,
    private readonly readiness: ConsumerReadiness,
    private readonly lag: ConsumerLagMonitor,
  ) {
    super();
  }

  get state(): ConsumerState {
    return this.consumerState;
  }

  /** Starts consuming the topics of the `@EventPattern` handlers (the app's `@MessagePattern`s are not for Kafka). */
  listen(callback: (error?: unknown) => void): void {
    this.readiness.watch(this);
    this.handlers = new Map([...this.messageHandlers].filter(([, handler]) => handler.isEventHandler)) as Map<
      string,
      BatchHandler
    >;
    for (const [topic, handler] of this.handlers) {
      if (!handler.extras?.eventClass || handler.next) {
        callback(new Error(`KafkaBatchServer needs one @EventPattern('${topic}', { eventClass }) handler`));
        return;
      }
    }
    this.start().then(() => {
      this.lag.start(this.topics());
      callback();
    }, callback);
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.restartTimer);
    // KafkaJS lets the batch in progress finish; its commit may be refused once stopping, and the batch is then
    // redelivered to the partition's next owner, which handles it idempotently.
    await this.consumer?.disconnect();
  }

  on(): never {
    throw new Error('KafkaBatchServer reports its state through ConsumerReadiness, not events');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private topics(): string[] {
    return [...this.handlers.keys()];
  }

  private async start(): Promise<void> {
    const consumer = createKafka(this.config.kafka).consumer({
      groupId: this.config.kafka.groupId,
      allowAutoTopicCreation: false,
      // A killed replica's partitions move after the session timeout (docs/operations.md#failure-behaviour), and
      // a rebalance waits for the survivors at most the rebalance timeout; heartbeats several times per session.
      sessionTimeout: this.config.kafka.sessionTimeoutMs,
      heartbeatInterval: this.config.kafka.heartbeatIntervalMs,
      rebalanceTimeout: this.config.kafka.rebalanceTimeoutMs,
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
    await consumer.subscribe({ topics: this.topics(), fromBeginning: true });
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
    const handler = this.handlers.get(batch.topic);
    if (batch.messages.length === 0 || !handler) {
      return;
    }
    // Checked in listen(): every handler here names its event class.
    const eventClass = handler.extras?.eventClass ?? Object;
    const valid: ConsumedEvent<object>[] = [];
    let deadLettered = 0;
    for (const message of batch.messages) {
      try {
        const payload: unknown = JSON.parse(message.value?.toString() ?? 'null');
        valid.push({ event: await parseEvent(eventClass, payload), message });
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
    deadLettered += await this.handleIsolatingPoison(handler, batch, valid, progress.heartbeat);
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
    handler: BatchHandler,
    batch: Batch,
    valid: ConsumedEvent<object>[],
    heartbeat: () => Promise<void>,
  ): Promise<number> {
    if (valid.length === 0) {
      return 0;
    }
    const run = (events: ConsumedEvent<object>[]) =>
      this.call(handler, { topic: batch.topic, partition: batch.partition, events, heartbeat });
    try {
      return await this.deadLetterRejected(batch, await run(valid));
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
        deadLettered += await this.deadLetterRejected(batch, await run([one]));
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

  /**
   * Calls the handler through Nest's pipeline. A handler's error comes back as an Observable that errors
   * (Nest's exception filters); BatchErrorsToServer (see `@BatchHandler()`) keeps it the error thrown, so that
   * its class still decides between retry and DLQ.
   */
  private async call(
    handler: BatchHandler,
    batch: ParsedBatch<object>,
  ): Promise<RejectedEvent<object>[] | void> {
    const result: unknown = await handler(batch);
    return isObservable(result)
      ? lastValueFrom(result as Observable<RejectedEvent<object>[] | void>, { defaultValue: undefined })
      : (result as RejectedEvent<object>[] | void);
  }

  private async deadLetterRejected(batch: Batch, rejected: RejectedEvent<object>[] | void): Promise<number> {
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
