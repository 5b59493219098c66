import { createKafka, EventPublisher, laneOf } from '@lib/kafka';
import { MetricsService } from '@lib/observability';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaProbe } from '../support/kafka-probe';
import { testConfig } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const LANES = 4;
const KEYS = Array.from({ length: 24 }, (_, i) => `lane-device-${i}`);
const PER_KEY = 60;

/**
 * The publisher with several lanes (KAFKA_PRODUCER_LANES), on the test broker: every key's messages arrive in the
 * order they were published, while the keys go out through different producers, batches of several lanes in
 * flight at once.
 */
describe('EventPublisher with several producer lanes', () => {
  const config = testConfig();
  const topic = `test.publisher-lanes.${randomUUID().slice(0, 8)}`;
  const publisher = new EventPublisher(
    { ...config, kafka: { ...config.kafka, producerLanes: LANES } },
    new MetricsService(),
  );
  const probe = new KafkaProbe();

  beforeAll(async () => {
    const admin = createKafka(config.kafka, 'test-lanes-admin').admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    publisher.onModuleInit();
    await waitFor(() => publisher.isConnected, { what: 'every lane connected' });
    await probe.watch([topic]);
  });

  afterAll(async () => {
    await probe.close();
    await publisher.onApplicationShutdown();
  });

  it('spreads the keys over every lane', () => {
    expect(new Set(KEYS.map((key) => laneOf(key, LANES))).size).toBe(LANES);
  });

  it("keeps each key's messages in the order they were published", async () => {
    const published: Promise<void>[] = [];
    for (let seq = 0; seq < PER_KEY; seq++) {
      for (const key of KEYS) {
        published.push(publisher.publish(topic, { key, value: String(seq) }));
      }
      if (seq % 10 === 9) {
        // Lets the lanes send what is queued, so each key's messages span several batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await Promise.all(published);

    const seen = await probe.waitForMessages(
      (m) => m.topic === topic,
      KEYS.length * PER_KEY,
      'every message',
    );
    for (const key of KEYS) {
      const ofKey = seen.filter((m) => m.key === key);
      expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
      expect(ofKey.map((m) => Number(m.value))).toEqual(Array.from({ length: PER_KEY }, (_, i) => i));
    }
  });
});
