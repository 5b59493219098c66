type Headers = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** A KafkaJS message's header as text. */
export function headerOf(message: { headers?: Headers }, name: string): string | undefined {
  const value = message.headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === null ? undefined : first.toString();
}
