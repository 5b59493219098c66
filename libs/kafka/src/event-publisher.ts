import { AppConfig } from '@lib/config';
import { MetricsService } from '@lib/observability';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CompressionTypes, type Message, Partitioners, type Producer } from 'kafkajs';
import { BrokerUnavailableError } from './errors';
import { createKafka } from './kafka-client';

export interface OutgoingMessage {
  key: string;
  value: string | Buffer;
  headers?: Record<string, string>;
}

interface Pending {
  topic: string;
  message: OutgoingMessage;
  expired: boolean;
  resolve: () => void;
  reject: (error: Error) => void;
}

const RECONNECT_DELAY_MS = 2000;

/**
 * Publishes with acks=all on an idempotent producer. Calls that arrive while a send is in flight are sent
 * together in the next batch, so a busy gateway makes few large requests while a quiet one adds no delay.
 * A publish resolves only after the broker acknowledged it, and fails with BrokerUnavailableError after
 * KAFKA_PUBLISH_TIMEOUT_MS. A message still queued then is dropped; one already on its way may still land, so a
 * 503 means "not confirmed", and consumers are idempotent.
 *
 * Fails fast while the broker is known to be down: not connected, or a send timed out and is still unanswered
 * (a frozen broker keeps its connections open and answers nothing). Such a publish is refused at once instead of
 * waiting the timeout; the send in flight keeps retrying and, once acknowledged, marks the producer healthy. If it
 * gave up instead, the next publish goes out as the probe.
 */
@Injectable()
export class EventPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(EventPublisher.name);
  private readonly producer: Producer;
  private connected = false;
  private closing = false;
  private queue: Pending[] = [];
  private flushing = false;
  private unacknowledged = false;
  /** A send is on its way to the broker (sendBatch not yet settled). */
  private sending = false;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.producer = createKafka(config.kafka, `${config.kafka.clientId}-producer`).producer({
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

  /** Boot does not wait for the broker: the app starts, reports not ready, and answers 503 until connected. */
  onModuleInit(): void {
    void this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.producer.disconnect();
  }

  /**
   * Connected, and the last publish was acknowledged in time. KafkaJS reports no disconnect while the broker is
   * down (it retries), so a timed-out publish is what marks the producer unhealthy until a send succeeds again.
   */
  get isConnected(): boolean {
    return this.connected && !this.unacknowledged;
  }

  publish(topic: string, message: OutgoingMessage): Promise<void> {
    if (!this.connected || (this.unacknowledged && this.sending)) {
      this.metrics.kafkaProduceErrors.inc({ topic });
      return Promise.reject(
        new BrokerUnavailableError(
          this.connected
            ? 'The message broker has not acknowledged the last publish yet'
            : 'The message broker is not reachable',
        ),
      );
    }
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
