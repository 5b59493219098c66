import type { AppConfig } from '@lib/config';
import { CORRELATION_HEADER, correlationIdFrom, MetricsService, recordHttpMetrics } from '@lib/observability';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import { allowOnlyClients } from './allowed-clients';
import { answerClientError, answerFrameworkError, MAX_HEADER_BYTES, MAX_PARAM_LENGTH } from './client-errors';
import { closeConnectionsOnDrain } from './close-connections-on-drain';
import { DomainExceptionFilter } from './domain-exception.filter';
import { shutDownGracefully } from './graceful-shutdown';
import { limitInput } from './input-limits';

/**
 * HTTPS for the Edge API's client (docs/contract.md#mtls): TLS 1.3 only, ALPN http/1.1 only (the Edge API speaks
 * HTTP/1.1 even after offering h2), and a client certificate that must chain to the configured CA.
 */
export function mtlsOptions(tls: NonNullable<AppConfig['http']['tls']>): HttpsServerOptions {
  return {
    cert: readFileSync(tls.certFile),
    key: readFileSync(tls.keyFile),
    ca: readFileSync(tls.caFile),
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.3',
    ALPNProtocols: ['http/1.1'],
    maxHeaderSize: MAX_HEADER_BYTES,
  };
}

/**
 * How long an idle keep-alive connection stays open: longer than the clients' own idle timeout (Go's
 * http.Transport, the Flotta Edge API's client: 90 s; load balancers: 60 s), so that the client closes it first. A
 * server closing a connection at the moment the client reuses it fails that request (Fastify's default is 72 s).
 */
const KEEP_ALIVE_TIMEOUT_MS = 120_000;

/** A Fastify-based Nest app with the house rules: JSON logs, correlation ids, metrics, one error shape. */
export async function createHttpApp(
  module: unknown,
  config: AppConfig,
  options: { tls?: boolean } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    // Device IDs may be up to 253 characters; find-my-way's default is 100.
    maxParamLength: MAX_PARAM_LENGTH,
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    genReqId: (req: IncomingMessage) => correlationIdFrom(req.headers[CORRELATION_HEADER]),
    // While the app drains (SIGTERM), a request that still arrives on an open keep-alive connection is served as
    // usual with `Connection: close`, so the client reconnects to another replica: Fastify's default answers it a
    // bare 503 without Retry-After and outside our error shape (seen in the faults run's rolling restart).
    return503OnClosing: false,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    ...(options.tls && config.http.tls ? { https: mtlsOptions(config.http.tls) } : {}),
  });
  const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, {
    bufferLogs: true,
    // Fastify parses JSON itself, through limitInput()'s depth-limited parser; Nest would register a second one.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    // The request logger reads the id from the header; the caller gets it back to quote in support requests.
    request.raw.headers[CORRELATION_HEADER] = request.id;
    void reply.header(CORRELATION_HEADER, request.id);
    done();
  });
  if (options.tls && config.http.tls) {
    allowOnlyClients(fastify, config.http.tls.clientCommonNames);
  }
  closeConnectionsOnDrain(fastify);
  limitInput(fastify, { maxUrlLength: config.http.maxUrlLength, maxJsonDepth: config.http.maxJsonDepth });
  recordHttpMetrics(fastify, app.get(MetricsService));
  app.useGlobalFilters(new DomainExceptionFilter());
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  shutDownGracefully(app, config.http.shutdownTimeoutMs);
  return app;
}
