import type { KafkaContext } from '@nestjs/microservices';
import type { KafkaMessage } from 'kafkajs';

/** The next offset to commit after handling the context's message. */
export function nextOffset(context: KafkaContext): string {
  return (BigInt(context.getMessage().offset) + 1n).toString();
}

export function headerValue(context: KafkaContext, name: string): string | undefined {
  const value = context.getMessage().headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === null ? undefined : first.toString();
}

export async function commitMessage(context: KafkaContext): Promise<void> {
  await context
    .getConsumer()
    .commitOffsets([
      { topic: context.getTopic(), partition: context.getPartition(), offset: nextOffset(context) },
    ]);
}

/** A header of a raw KafkaJS message, as text. */
export function headerOf(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === null ? undefined : first.toString();
}
