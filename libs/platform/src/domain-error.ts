import type { ErrorCode } from '@lib/contracts';

/** A failure the caller can act on. No HTTP knowledge here: the filter decides the status. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra fields for the body, e.g. `status: "unknown"` that the Edge API's client decodes. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
