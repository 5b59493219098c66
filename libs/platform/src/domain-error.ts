/** Stable error codes of both HTTP APIs. Each maps to exactly one status in DomainExceptionFilter. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'INVALID_JSON',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'ROUTE_NOT_FOUND',
  'DEVICE_NOT_FOUND',
  'DEVICE_NOT_APPROVED',
  'ENROLMENT_NOT_FOUND',
  'ENROLMENT_ALREADY_DECIDED',
  'RULE_NOT_FOUND',
  'RESOURCE_NOT_FOUND',
  'RESOURCE_IN_USE',
  'PRECONDITION_FAILED',
  'INVALID_REFERENCE',
  'BROKER_UNAVAILABLE',
  'UPSTREAM_UNAVAILABLE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

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
