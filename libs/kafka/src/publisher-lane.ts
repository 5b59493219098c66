import type { AppConfig } from '@lib/config';
import type { MetricsService } from '@lib/observability';
import { Logger } from '@nestjs/common';
import { CompressionTypes, type Message, Partitioners, type Producer } from 'kafkajs';
import { BrokerUnavailableError } from './errors';
import { createKafka } from './kafka-client';
import type { OutgoingMessage } from './outgoing-message';

interface Pending {
  topic: string;
  message: OutgoingMessage;
  expired: boolean;
  resolve: () => void;
  reject: (error: Error) => void;
}

const RECONNECT_DELAY_MS = 2000;

/**
 * One idempotent producer with one batch in flight (KafkaJS's idempotent producer keeps its sequence numbers right
 * only with maxInFlightRequests 1). Calls that arrive while a send is in flight are sent together in the next
 * batch, so a busy app makes few large requests while a quiet one adds no delay. A publish resolves only after the
 * broker acknowledged it, and fails with BrokerUnavailableError after KAFKA_PUBLISH_TIMEOUT_MS. A message still
 * queued then is dropped; one already on its way may still land, so a 503 means "not confirmed", and consumers are
 * idempotent. EventPublisher spreads keys over several lanes and decides when to fail fast.
 */
export class PublisherLane {
  private readonly logger: Logger;
  private readonly producer: Producer;
  private connected = false;
  private closing = false;
  private queue: Pending[] = [];
  private flushing = false;
  /** A send timed out and no send has been acknowledged since. */
  unacknowledged = false;
  /** A send is on its way to the broker (sendBatch not yet settled). */
  sending = false;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    index: number,
  ) {
    // Lane 0 keeps the single producer's names (client id, log context).
    const suffix = index === 0 ? '' : `-${index}`;
    this.logger = new Logger(`EventPublisher${suffix}`);
    this.producer = createKafka(config.kafka, `${config.kafka.clientId}-producer${suffix}`).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      // Idempotence needs retries; each publish is bounded by KAFKA_PUBLISH_TIMEOUT_MS instead.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 1000 },
      allowAutoTopicCreation: false,
    });
    this.producer.on(this.producer.events.DISCONNECT, () => {
      this.connected = false;
      this.scheduleReconnect();
    });
  }

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.closing = true;
    await this.producer.disconnect();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  publish(topic: string, message: OutgoingMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const pending: Pending = { topic, message, expired: false, resolve, reject };
      // A message still queued when its caller gave up is dropped, so a 503 is never followed by a send.
      const timer = setTimeout(() => {
        pending.expired = true;
        this.unacknowledged = true;
        this.metrics.kafkaProduceErrors.inc({ topic });
        reject(
          new BrokerUnavailableError(
            `The message broker did not acknowledge within ${this.config.kafka.publishTimeoutMs} ms`,
          ),
        );
      }, this.config.kafka.publishTimeoutMs);
      pending.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
      pending.reject = (error) => {
        clearTimeout(timer);
        reject(error);
      };
      this.queue.push(pending);
      this.flushSoon();
    });
  }

  private async connect(): Promise<void> {
    try {
      await this.producer.connect();
      this.connected = true;
      this.logger.log('Producer connected');
    } catch (error) {
      this.logger.warn({ err: error, msg: 'Producer cannot connect; retrying' });
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (!this.closing) {
      setTimeout(() => void this.connect(), RECONNECT_DELAY_MS).unref();
    }
  }

  private flushSoon(): void {
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => void this.flush());
    }
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.filter((p) => !p.expired);
      this.queue = [];
      if (batch.length > 0) {
        await this.sendBatch(batch);
      }
    }
    this.flushing = false;
  }

  private async sendBatch(batch: Pending[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of batch) {
      const messages = byTopic.get(topic) ?? [];
      messages.push({ key: message.key, value: message.value, headers: message.headers });
      byTopic.set(topic, messages);
    }
    this.sending = true;
    try {
      await this.producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      this.unacknowledged = false;
      for (const [topic, messages] of byTopic) {
        this.metrics.kafkaProduced.inc({ topic }, messages.length);
      }
      batch.forEach((p) => p.resolve());
    } catch (error) {
      this.logger.error({ err: error, msg: 'Publish failed', messages: batch.length });
      const failure = new BrokerUnavailableError('The message broker rejected the publish', { cause: error });
      for (const p of batch) {
        this.metrics.kafkaProduceErrors.inc({ topic: p.topic });
        p.reject(failure);
      }
    } finally {
      this.sending = false;
    }
  }
}
