/**
 * Every `code` of the error body `{ statusCode, code, message }` of both HTTP APIs, with the one status each
 * answers. Clients may branch on the code; a status Nest or Fastify raises that none of these maps to is answered
 * as `HTTP_<status>`.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  DEVICE_NOT_APPROVED: 403,
  FORBIDDEN: 403,
  CLIENT_NOT_ALLOWED: 403,
  ROUTE_NOT_FOUND: 404,
  DEVICE_NOT_FOUND: 404,
  ENROLMENT_NOT_FOUND: 404,
  RULE_NOT_FOUND: 404,
  RESOURCE_NOT_FOUND: 404,
  PREAUTHORIZATION_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  RESOURCE_IN_USE: 409,
  ENROLMENT_ALREADY_DECIDED: 409,
  DEVICE_ALREADY_ENROLLED: 409,
  ROLLOUT_STATE_CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_REFERENCE: 422,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL_ERROR: 500,
  BROKER_UNAVAILABLE: 503,
  UPSTREAM_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
  REGISTRY_NOT_READY: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as readonly ErrorCode[];

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
