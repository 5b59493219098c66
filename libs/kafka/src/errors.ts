/** The broker did not acknowledge in time or is unreachable; the message may or may not have been accepted. */
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

/**
 * PostgreSQL errors that the same data will always raise: SQLSTATE class 22 (data exception: a NUL byte in
 * text or jsonb, a value too long, an out-of-range number) and the not-null and check violations. A unique
 * violation (23505) is not among them: it is how a concurrent insert shows, and a retry resolves it.
 */
function dataErrorCode(error: unknown): string | undefined {
  const code = (error as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof code === 'string' && (code.startsWith('22') || code === '23502' || code === '23514')
    ? code
    : undefined;
}

/** True for errors that retrying cannot fix. */
export function isPermanent(error: unknown): error is Error & { code: string } {
  if (error instanceof PermanentEventError) {
    return true;
  }
  if (!(error instanceof Error)) {
    return false;
  }
  const sqlState = dataErrorCode(error);
  if (sqlState) {
    Object.assign(error, { code: `SQLSTATE_${sqlState}` });
    return true;
  }
  return (error as { code?: unknown }).code === 'INVALID_EVENT';
}
