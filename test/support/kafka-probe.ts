import { createKafka } from '@lib/kafka';
import { type Consumer, type IHeaders, type Kafka, type KafkaMessage, Partitioners } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { testConfig } from './test-env';
import { waitFor } from './wait-for';

export interface SeenMessage {
  topic: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  offset: string;
  partition: number;
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v !== undefined) {
      out[k] = Array.isArray(v) ? v.map(String).join(',') : v.toString();
    }
  }
  return out;
}

/**
 * An independent Kafka client for the tests: it reads topics from the beginning in its own consumer group
 * (so it never takes messages from the apps) and produces raw messages (redeliveries, poison).
 */
export class KafkaProbe {
  private readonly kafka: Kafka;
  private consumer?: Consumer;
  private readonly seen: SeenMessage[] = [];

  /** On the test broker, or on `brokers` (an outage test's private one). */
  constructor(brokers?: string[]) {
    const config = testConfig().kafka;
    this.kafka = createKafka(
      brokers ? { ...config, brokers } : config,
      `test-probe-${randomUUID().slice(0, 8)}`,
    );
  }

  async watch(topics: string[]): Promise<void> {
    this.consumer = this.kafka.consumer({
      groupId: `test-probe-${randomUUID()}`,
      allowAutoTopicCreation: false,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: ({
        topic,
        partition,
        message,
      }: {
        topic: string;
        partition: number;
        message: KafkaMessage;
      }) => {
        this.seen.push({
          topic,
          partition,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: headersOf(message.headers),
          offset: message.offset,
        });
        return Promise.resolve();
      },
    });
  }

  messages(predicate: (m: SeenMessage) => boolean): SeenMessage[] {
    return this.seen.filter(predicate);
  }

  /** Waits until at least `count` messages match. */
  async waitForMessages(
    predicate: (m: SeenMessage) => boolean,
    count = 1,
    what = 'messages',
  ): Promise<SeenMessage[]> {
    return waitFor(
      () => {
        const found = this.messages(predicate);
        return found.length >= count ? found : undefined;
      },
      { timeoutMs: 30_000, what },
    );
  }

  async produce(
    topic: string,
    key: string,
    value: string,
    headers: Record<string, string> = {},
  ): Promise<void> {
    const producer = this.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: [{ key, value, headers }] });
    } finally {
      await producer.disconnect();
    }
  }

  /** Many messages through one producer, in order per key (or per partition, when one is given). */
  async produceBatch(
    topic: string,
    messages: { key: string; value: string; partition?: number; headers?: Record<string, string> }[],
  ): Promise<void> {
    const producer = this.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages });
    } finally {
      await producer.disconnect();
    }
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
