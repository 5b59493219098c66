import type { AppConfig } from '@lib/config';
import {
  CORRELATION_HEADER,
  correlationIdFrom,
  logSampledRequest,
  type MetricsService,
  recordHttpAnswer,
  runWithLazyCorrelationId,
} from '@lib/observability';
import { type AheadRoute, DomainError, domainErrorBody, errorHeaders } from '@lib/platform';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { DeviceAccess } from '../edge-api/device-access';
import { type DevicePathParams, parseDevicePath } from '../edge-api/device-path.params';
import { edgeRouteUrl } from '../edge-api/edge-route';
import type { ConfigurationRoute } from './configuration.route';

/** The plain form of the route's path: no query, no percent-encoding, nothing Fastify's router would rewrite. */
const PLAIN_PATH = /^\/api\/flotta-backend\/v1\/namespaces\/([^/?%]+)\/devices\/([^/?%]+)\/configuration$/;
const ROUTE = edgeRouteUrl('configuration');
const JSON_TYPE = 'application/json; charset=utf-8';

/** The device of a plain poll with a valid path; undefined leaves the request to Fastify, which also answers errors. */
function plainPoll(request: IncomingMessage): DevicePathParams | undefined {
  if (
    request.method !== 'GET' ||
    request.headers['content-length'] !== undefined ||
    request.headers['transfer-encoding'] !== undefined
  ) {
    return undefined;
  }
  const match = PLAIN_PATH.exec(request.url ?? '');
  if (!match) {
    return undefined;
  }
  try {
    return parseDevicePath({ namespace: match[1], deviceId: match[2] });
  } catch {
    return undefined;
  }
}

/**
 * GET configuration on node:http ahead of Fastify (serveAheadOfFastify): every device polls it, and at fleet scale
 * Fastify's per-request work was a fifth of the gateway's CPU per poll. It takes only a plain poll of an approved
 * device; anything else (a bad path, an unknown device, HEAD, a body) goes to the Fastify route, which answers it
 * as before. Its answers are Fastify's byte for byte: the same headers in the same order, the same body, the error
 * shape of DomainExceptionFilter with `Retry-After` on a 503, the same request metric and sampled request log.
 */
export function configurationAhead(
  access: DeviceAccess,
  route: ConfigurationRoute,
  log: AppConfig['log'],
  metrics: MetricsService,
): AheadRoute {
  return (request, response, handOn) => {
    const params = plainPoll(request);
    const device = params && access.approved(params);
    if (!params || !device) {
      return false;
    }
    const startedAt = performance.now();
    const correlationId = correlationIdFrom(request.headers[CORRELATION_HEADER]);
    // As Fastify's onRequest hook does: the request log reads the id from the header.
    request.headers[CORRELATION_HEADER] = correlationId;
    const answer = (status: number, headers: OutgoingHttpHeaders, body: string): void => {
      response.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
      response.end(body);
      const elapsedMs = performance.now() - startedAt;
      recordHttpAnswer(metrics, 'GET', ROUTE, status, elapsedMs);
      logSampledRequest(log, correlationId, request, response, elapsedMs);
    };
    runWithLazyCorrelationId(correlationId, () => route.document(device.namespace, params.deviceId)).then(
      (json) => answer(200, { [CORRELATION_HEADER]: correlationId, 'content-type': JSON_TYPE }, json),
      (error: unknown) => {
        if (!(error instanceof DomainError)) {
          handOn();
          return;
        }
        const body = domainErrorBody(error);
        answer(
          body.statusCode,
          { [CORRELATION_HEADER]: correlationId, ...errorHeaders(body.statusCode) },
          JSON.stringify({ ...body, correlationId }),
        );
      },
    );
    return true;
  };
}
