import type { AppConfig } from '@lib/config';
import { ServerKafka } from '@nestjs/microservices';
import { Partitioners } from 'kafkajs';
import { kafkaClientConfig } from './kafka-client';

export type ConsumerState = 'starting' | 'joined' | 'rebalancing' | 'crashed' | 'stopped';

/**
 * Nest's Kafka server with the consumer's group membership tracked for readiness: Nest's own status stream
 * never leaves `rebalancing` after a rebalance, and KafkaJS reports a join only through its events.
 */
export class ObservedKafkaServer extends ServerKafka {
  private consumerState: ConsumerState = 'starting';

  constructor(config: AppConfig) {
    super({
      client: kafkaClientConfig(config.kafka),
      consumer: {
        groupId: config.kafka.groupId,
        allowAutoTopicCreation: false,
        sessionTimeout: 30_000,
        heartbeatInterval: 3000,
        retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 10 },
      },
      // The group id is exactly the app's (Nest would append "-server").
      postfixId: '',
      subscribe: { fromBeginning: true },
      // Offsets are committed by KafkaOutcomeInterceptor once a message is handled (or dead-lettered).
      run: { autoCommit: false, partitionsConsumedConcurrently: config.kafka.partitionsConsumedConcurrently },
      // Nest's server keeps a producer for replies, which event handlers never send.
      producer: { allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner },
    });
  }

  get state(): ConsumerState {
    return this.consumerState;
  }

  /** The topics this server's handlers consume. */
  get topics(): string[] {
    return [...this.getHandlers().keys()];
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    const consumer = this.consumer;
    if (!consumer) {
      return;
    }
    consumer.on(consumer.events.GROUP_JOIN, () => (this.consumerState = 'joined'));
    consumer.on(consumer.events.REBALANCING, () => (this.consumerState = 'rebalancing'));
    consumer.on(consumer.events.CRASH, () => (this.consumerState = 'crashed'));
    consumer.on(consumer.events.STOP, () => (this.consumerState = 'stopped'));
  }
}
