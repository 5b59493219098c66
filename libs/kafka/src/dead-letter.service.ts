import { dlqTopic } from '@lib/contracts';
import { Injectable, Logger } from '@nestjs/common';
import type { IHeaders } from 'kafkajs';
import { EventPublisher } from './event-publisher';

/** Where a dead letter came from: the original message as it was read. */
export interface DeadLetterOrigin {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: string | Buffer;
  headers?: IHeaders;
}

/** Sends a message that can never be handled to `<topic>.dlq`, with where it came from and why. */
@Injectable()
export class DeadLetterService {
  private readonly logger = new Logger(DeadLetterService.name);

  constructor(private readonly publisher: EventPublisher) {}

  async send(origin: DeadLetterOrigin, error: Error & { code?: string }): Promise<void> {
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(origin.headers ?? {})) {
      if (header !== undefined) {
        headers[name] = Array.isArray(header) ? header.join(',') : header.toString();
      }
    }
    const topic = dlqTopic(origin.topic);
    await this.publisher.publish(topic, {
      key: origin.key,
      value: origin.value,
      headers: {
        ...headers,
        'original-topic': origin.topic,
        'original-partition': String(origin.partition),
        'original-offset': origin.offset,
        'error-code': error.code ?? 'UNKNOWN',
        'error-message': error.message.slice(0, 1000),
        'failed-at': new Date().toISOString(),
      },
    });
    this.logger.warn({ msg: 'Message dead-lettered', topic, offset: origin.offset, error: error.message });
  }
}
