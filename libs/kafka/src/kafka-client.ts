import type { AppConfig } from '@lib/config';
import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';

const logger = new Logger('KafkaJS');

/** KafkaJS logs through the app's logger, so broker trouble appears in the same JSON stream. */
function logCreator(): (entry: LogEntry) => void {
  return ({ level, log }) => {
    const { message, ...rest } = log;
    if (level === logLevel.ERROR || level === logLevel.NOTHING) {
      logger.error({ ...rest, msg: message });
    } else if (level === logLevel.WARN) {
      logger.warn({ ...rest, msg: message });
    }
  };
}

export function kafkaClientConfig(kafka: AppConfig['kafka'], clientId = kafka.clientId): KafkaConfig {
  return {
    clientId,
    brokers: kafka.brokers,
    logLevel: logLevel.WARN,
    logCreator,
    connectionTimeout: 3000,
    retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 8 },
  };
}

export function createKafka(kafka: AppConfig['kafka'], clientId?: string): Kafka {
  return new Kafka(kafkaClientConfig(kafka, clientId));
}
