import type { KafkaContext } from '@nestjs/microservices';

/** The next offset to commit after handling the context's message. */
export function nextOffset(context: KafkaContext): string {
  return (BigInt(context.getMessage().offset) + 1n).toString();
}

export async function commitMessage(context: KafkaContext): Promise<void> {
  await context
    .getConsumer()
    .commitOffsets([
      { topic: context.getTopic(), partition: context.getPartition(), offset: nextOffset(context) },
    ]);
}

type Headers = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** A message header as text (a KafkaJS message, or the one behind a Nest KafkaContext). */
export function headerOf(message: { headers?: Headers }, name: string): string | undefined {
  const value = message.headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === null ? undefined : first.toString();
}
