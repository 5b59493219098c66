import { dlqTopic } from '@lib/contracts';
import { Injectable, Logger } from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';
import { EventPublisher } from './event-publisher';

/** Sends a message that can never be handled to `<topic>.dlq`, with where it came from and why. */
@Injectable()
export class DeadLetterService {
  private readonly logger = new Logger(DeadLetterService.name);

  constructor(private readonly publisher: EventPublisher) {}

  async send(context: KafkaContext, error: Error & { code?: string }): Promise<void> {
    const message = context.getMessage();
    const value: unknown = message.value;
    const original = Buffer.isBuffer(value)
      ? value
      : typeof value === 'string'
        ? value
        : JSON.stringify(value);
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(message.headers ?? {})) {
      if (header !== undefined) {
        headers[name] = Array.isArray(header) ? header.join(',') : header.toString();
      }
    }
    const topic = dlqTopic(context.getTopic());
    await this.publisher.publish(topic, {
      key: message.key?.toString() ?? '',
      value: original ?? '',
      headers: {
        ...headers,
        'original-topic': context.getTopic(),
        'original-partition': String(context.getPartition()),
        'original-offset': message.offset,
        'error-code': error.code ?? 'UNKNOWN',
        'error-message': error.message.slice(0, 1000),
        'failed-at': new Date().toISOString(),
      },
    });
    this.logger.warn({ msg: 'Message dead-lettered', topic, offset: message.offset, error: error.message });
  }
}
