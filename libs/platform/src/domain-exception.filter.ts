import { ERROR_STATUS, type ErrorCode, isErrorCode } from '@lib/contracts';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { isDatabaseUnavailable } from './database-unavailable';
import { DomainError } from './domain-error';

/** What a 503 (a dependency down, or this replica not caught up yet) tells the caller to wait before retrying. */
export const RETRY_AFTER_SECONDS = 2;

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  correlationId?: string;
  errorId?: string;
  [extra: string]: unknown;
}

/** The one status of each code (ERROR_STATUS, @lib/contracts). */
export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

/** The headers of an error answer, in the order they are sent: every 503 says when to retry. */
export function errorHeaders(statusCode: number): Record<string, string> {
  const json = { 'content-type': 'application/json; charset=utf-8' };
  return statusCode === 503 ? { 'retry-after': String(RETRY_AFTER_SECONDS), ...json } : json;
}

/** The body of a DomainError's answer, without its correlation id. */
export function domainErrorBody(error: DomainError): ErrorBody {
  return { ...error.extra, statusCode: statusOf(error.code), code: error.code, message: error.message };
}

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') {
    return response;
  }
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message)
    ? message.join('; ')
    : typeof message === 'string'
      ? message
      : exception.message;
}

/**
 * The one place errors become HTTP answers: `{ statusCode, code, message, correlationId }`, always JSON.
 * The Edge API's client decodes `message` from that body (docs/contract.md#the-six-operations) and ignores the
 * rest.
 */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(DomainExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = this.toBody(exception);
    body.correlationId = request.id;
    void reply.status(body.statusCode).headers(errorHeaders(body.statusCode)).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return domainErrorBody(exception);
    }
    // Errors of other libs that carry one of the codes (the broker's BROKER_UNAVAILABLE): no import of them here.
    const code = (exception as { code?: unknown } | null)?.code;
    if (exception instanceof Error && isErrorCode(code)) {
      return { statusCode: statusOf(code), code, message: exception.message };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      // Keeps structured details (e.g. terminus' per-dependency health report) next to our fields.
      const details = typeof response === 'object' ? (response as Record<string, unknown>) : {};
      return {
        ...details,
        statusCode,
        code: CODE_BY_STATUS[statusCode] ?? `HTTP_${statusCode}`,
        message: httpExceptionMessage(exception),
      };
    }
    if (isDatabaseUnavailable(exception)) {
      // Logged without the stack: an outage makes one per request, and readiness already names the database.
      this.logger.warn({ msg: 'Database unavailable', reason: (exception as Error).message });
      return {
        statusCode: statusOf('DATABASE_UNAVAILABLE'),
        code: 'DATABASE_UNAVAILABLE',
        message: 'The database is not reachable; retry later',
      };
    }
    const fastifyError = exception as { statusCode?: unknown; code?: unknown; message?: unknown };
    if (
      typeof fastifyError.statusCode === 'number' &&
      fastifyError.statusCode >= 400 &&
      fastifyError.statusCode < 500
    ) {
      return fromFastifyError(
        fastifyError.statusCode,
        String(fastifyError.code),
        String(fastifyError.message),
      );
    }
    const errorId = randomUUID();
    // Logged once here, with `err` as the key so pino serialises the stack.
    this.logger.error({ err: exception, errorId, msg: 'Unhandled error' });
    return {
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: `Internal error (errorId ${errorId})`,
      errorId,
    };
  }
}

/** Fastify's own client errors (body parsing, size, media type) in our shape. */
export function fromFastifyError(statusCode: number, code: string, message: string): ErrorBody {
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { statusCode, code: 'BODY_TOO_LARGE', message: 'Request body is too large' };
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return { statusCode, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Content-Type must be application/json' };
  }
  if (
    code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    message.includes('JSON')
  ) {
    return { statusCode: 400, code: 'INVALID_JSON', message: `Request body is not valid JSON: ${message}` };
  }
  return { statusCode, code: CODE_BY_STATUS[statusCode] ?? `HTTP_${statusCode}`, message };
}
