import type { AppConfig } from '@lib/config';
import { COMPACTED_TOPICS, CONSUMED_TOPICS, TOPICS, dlqTopic } from '@lib/contracts';
import type { ITopicConfig } from 'kafkajs';
import { createKafka } from './kafka-client';

/** Every topic of the system, DLQs included. Auto-creation is off on the broker, so this list is the truth. */
export function topicDefinitions(kafka: AppConfig['kafka']): ITopicConfig[] {
  const base = { numPartitions: kafka.topicPartitions, replicationFactor: kafka.replicationFactor };
  const topics: ITopicConfig[] = Object.values(TOPICS).map((topic) => ({
    topic,
    ...base,
    ...(COMPACTED_TOPICS.includes(topic)
      ? { configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }
      : {}),
  }));
  const dlqs: ITopicConfig[] = CONSUMED_TOPICS.map((topic) => ({
    topic: dlqTopic(topic),
    ...base,
    // Dead letters are evidence; keep them a month.
    configEntries: [{ name: 'retention.ms', value: String(30 * 24 * 3600 * 1000) }],
  }));
  return [...topics, ...dlqs];
}

/** Creates the missing topics and returns the names it created; existing topics are left as they are. */
export async function ensureTopics(kafka: AppConfig['kafka']): Promise<string[]> {
  const admin = createKafka(kafka, `${kafka.clientId}-admin`).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topicDefinitions(kafka).filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing, waitForLeaders: true });
    }
    return missing.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}
