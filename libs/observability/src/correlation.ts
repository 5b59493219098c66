import { PinoLogger } from 'nestjs-pino';
import { storage, Store } from 'nestjs-pino/storage';
import { randomUUID } from 'node:crypto';

export const CORRELATION_HEADER = 'x-correlation-id';

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes a caller's correlation id when it is sane, otherwise makes one (a header is untrusted input). */
export function correlationIdFrom(value: unknown): string {
  const candidate = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof candidate === 'string' && VALID_ID.test(candidate) ? candidate : randomUUID();
}

/**
 * Runs work (a Kafka message's handling) with a logger bound to the correlation id, so every log line the
 * Nest Logger writes inside carries it, as the HTTP request logger does for requests.
 */
export function runWithCorrelationId<T>(correlationId: string, work: () => T): T {
  return storage.run(new Store(PinoLogger.root.child({ correlationId })), work);
}

/** The correlation id of the work in progress, if any. */
export function currentCorrelationId(): string | undefined {
  const bindings = storage.getStore()?.logger.bindings();
  const id = bindings?.correlationId as unknown;
  return typeof id === 'string' ? id : undefined;
}
