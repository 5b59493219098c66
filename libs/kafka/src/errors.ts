/** The broker did not acknowledge in time or is unreachable: nothing was accepted, the caller may retry. */
export class BrokerUnavailableError extends Error {
  readonly code = 'BROKER_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BrokerUnavailableError';
  }
}

/**
 * A message that can never be handled (invalid, or about something that does not exist). The consumer sends
 * it to the dead-letter topic and moves on instead of retrying it forever.
 */
export class PermanentEventError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentEventError';
  }
}

/** True for errors that retrying cannot fix. */
export function isPermanent(error: unknown): error is Error & { code: string } {
  return (
    error instanceof PermanentEventError ||
    (error instanceof Error && (error as { code?: unknown }).code === 'INVALID_EVENT')
  );
}
