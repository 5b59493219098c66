import { AppConfig } from '@lib/config';
import { MetricsService } from '@lib/observability';
import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { BrokerUnavailableError } from './errors';
import type { OutgoingMessage } from './outgoing-message';
import { PublisherLane } from './publisher-lane';

export type { OutgoingMessage } from './outgoing-message';

/**
 * Publishes with acks=all through KAFKA_PRODUCER_LANES lanes (PublisherLane: an idempotent producer with one batch
 * in flight each). A message's key picks its lane, so one key's messages go out in order through one producer, and
 * a key's partition is the same whichever producer sends it: per-device order holds, while several batches are in
 * flight. A publish resolves only after the broker acknowledged it, and fails with BrokerUnavailableError after
 * KAFKA_PUBLISH_TIMEOUT_MS; a 503 means "not confirmed", and consumers are idempotent.
 *
 * Fails fast while the broker is known to be down: a lane not connected, or a lane's send timed out and is still
 * unanswered (a frozen broker keeps its connections open and answers nothing). Such a publish is refused at once
 * instead of waiting the timeout; the send in flight keeps retrying and, once acknowledged, marks its lane
 * healthy. If it gave up instead, the next publish on that lane goes out as the probe.
 */
@Injectable()
export class EventPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly lanes: PublisherLane[];

  constructor(
    config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.lanes = Array.from(
      { length: config.kafka.producerLanes },
      (_, index) => new PublisherLane(config, metrics, index),
    );
  }

  /** Boot does not wait for the broker: the app starts, reports not ready, and answers 503 until connected. */
  onModuleInit(): void {
    this.lanes.forEach((lane) => lane.start());
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.stop()));
  }

  /**
   * Every lane connected, and its last publish acknowledged in time. KafkaJS reports no disconnect while the broker
   * is down (it retries), so a timed-out publish is what marks a lane unhealthy until a send succeeds again.
   */
  get isConnected(): boolean {
    return this.lanes.every((lane) => lane.isConnected && !lane.unacknowledged);
  }

  /**
   * A publish now would be tried rather than refused at once. Unlike isConnected, true after a timed-out send gave
   * up, so a relay's next batch is the probe that makes the producer healthy again (a relay that waited for
   * isConnected would wait forever once nothing else publishes).
   */
  get mayPublish(): boolean {
    return this.refusal() === undefined;
  }

  publish(topic: string, message: OutgoingMessage): Promise<void> {
    const refusal = this.refusal();
    if (refusal) {
      this.metrics.kafkaProduceErrors.inc({ topic });
      return Promise.reject(new BrokerUnavailableError(refusal));
    }
    return this.lanes[laneOf(message.key, this.lanes.length)].publish(topic, message);
  }

  /** Why a publish is refused at once, if it is: any lane's trouble is the broker's. */
  private refusal(): string | undefined {
    for (const lane of this.lanes) {
      if (!lane.isConnected) {
        return 'The message broker is not reachable';
      }
    }
    for (const lane of this.lanes) {
      if (lane.unacknowledged && lane.sending) {
        return 'The message broker has not acknowledged the last publish yet';
      }
    }
    return undefined;
  }
}

/** The lane of a key: FNV-1a over its UTF-16 code units, so a key always maps to the same lane. */
export function laneOf(key: string, lanes: number): number {
  if (lanes === 1) {
    return 0;
  }
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  }
  return (hash >>> 0) % lanes;
}
