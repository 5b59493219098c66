import type { ErrorCode } from '@lib/contracts';
import { CORRELATION_HEADER } from '@lib/observability';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Request line and headers together, in bytes: Node's default, set here so that `--max-http-header-size` cannot
 * move it. The Edge API sends a handful of short headers; a management caller's OIDC token is a few KiB.
 */
export const MAX_HEADER_BYTES = 16 * 1024;

/** Longest path parameter the router accepts: device IDs and catalogue names are up to 253 characters. */
export const MAX_PARAM_LENGTH = 300;

/**
 * Fastify's router refuses some URLs before any hook runs (a malformed percent-encoding, an over-long path
 * parameter); answered here in the one error shape, with the correlation id the hooks would have set.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const statusCode = tooLong ? 414 : 400;
  void reply
    .status(statusCode)
    .header(CORRELATION_HEADER, request.id)
    .send({
      statusCode,
      code: tooLong ? 'URL_TOO_LONG' : 'VALIDATION_FAILED',
      message: tooLong
        ? `A path segment is longer than ${MAX_PARAM_LENGTH} characters`
        : 'The URL is not valid: it has a malformed percent-encoding',
      correlationId: request.id,
    });
}

/**
 * Node's HTTP parser refuses some requests before Fastify sees them: headers over MAX_HEADER_BYTES (431), a
 * request that is not HTTP/1.1 (400), one that took too long (408). There is no request yet, so no correlation id;
 * the answer is still JSON in the one error shape, and the connection is closed, as Node does.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) {
    return;
  }
  const [statusCode, code, message]: [number, ErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', `The request line and headers are larger than ${MAX_HEADER_BYTES} bytes`]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request did not arrive in time']
        : [400, 'MALFORMED_REQUEST', 'The request is not valid HTTP/1.1'];
  const body = JSON.stringify({ statusCode, code, message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}
