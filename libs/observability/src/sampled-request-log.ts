import type { onResponseHookHandler } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { storage } from 'nestjs-pino/storage';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

export interface SampledRequestLogOptions {
  /** A success at least this slow is logged, at warn. */
  slowRequestMs: number;
  /** Share (0..1) of the other successes logged, at info. */
  sampleRate: number;
}

/**
 * The request log of a hot route, which the per-request logger middleware skips (AppLoggerModule's
 * `sampledRoutes`): at fleet scale that middleware (a child logger, redaction and a listener per request) cost a
 * sixth of the gateway's CPU for lines nobody reads. Failures are logged at the levels the middleware uses (5xx at
 * error, 4xx at info), slow successes at warn, a sample of the rest at info; each line has the middleware's shape
 * (`req`, `res`, `responseTime`, `correlationId`). The request metrics still count and time every request.
 */
export function sampledRequestLog(options: SampledRequestLogOptions): onResponseHookHandler {
  return (request, reply, done) => {
    logSampledRequest(options, request.id, request.raw, reply.raw, reply.elapsedTime);
    done();
  };
}

/** sampledRequestLog's decision and line for one answered request, for a route served outside Fastify too. */
export function logSampledRequest(
  options: SampledRequestLogOptions,
  correlationId: string,
  request: IncomingMessage,
  response: ServerResponse,
  elapsedMs: number,
): void {
  const status = response.statusCode;
  const responseTime = Math.round(elapsedMs);
  const slow = responseTime >= options.slowRequestMs;
  const level =
    status >= 500
      ? 'error'
      : status >= 400
        ? 'info'
        : slow
          ? 'warn'
          : Math.random() < options.sampleRate
            ? 'info'
            : undefined;
  if (level) {
    PinoLogger.root
      .child({ correlationId, req: request })
      [level](
        { res: response, responseTime, ...(slow ? { slow } : {}) },
        status >= 500 ? 'request errored' : 'request completed',
      );
  }
}

/**
 * Runs a hot route's work with the request's correlation id on every line logged inside, as the logger middleware
 * does for the other routes; the child logger is made only when a line is logged (rarely, on these routes).
 */
export function runWithLazyCorrelationId<T>(correlationId: string, work: () => T): T {
  let logger: Logger | undefined;
  const store = {
    get logger(): Logger {
      return (logger ??= PinoLogger.root.child({ correlationId }));
    },
    responseLogger: undefined,
  };
  return storage.run(store, work);
}
