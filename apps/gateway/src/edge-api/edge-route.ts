import type { AppConfig } from '@lib/config';
import { runWithLazyCorrelationId, sampledRequestLog } from '@lib/observability';
import { RequestMethod } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';
import type { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EDGE_API_DEVICE_PATH } from './device-path.params';

const HOT_ROUTES = { configuration: 'GET', heartbeat: 'PUT' } as const;

/** The hot routes, for the logger middleware to skip: they log through sampledRequestLog() (serveEdgeRoute). */
export const EDGE_HOT_ROUTES: RouteInfo[] = Object.entries(HOT_ROUTES).map(([operation, method]) => ({
  path: edgeRouteUrl(operation),
  method: RequestMethod[method],
}));

/** The route pattern Nest would have registered for `operation`: the metrics' `route` label stays the same. */
export function edgeRouteUrl(operation: string): string {
  return `/${EDGE_API_DEVICE_PATH}/${operation}`;
}

/**
 * Serves one of the devices' hot routes (GET configuration, PUT heartbeat) on the Fastify instance under the Nest
 * app; `answer` gives the JSON text. They are served without Nest's per-request pipeline (execution context,
 * pipes, response controller): at fleet scale that pipeline cost as much CPU as the rest of the request.
 * Everything else still applies to them, because it lives in Fastify: the onRequest hooks (correlation id,
 * client-name check, input limits), the JSON body parser, the metrics, and the error handler Nest installs, which
 * runs the DomainExceptionFilter, so an error thrown by such a route is answered exactly as from a controller.
 * Their request log is sampled (failures, slow requests, a share of the rest: docs/operations.md#request-logs).
 */
export function serveEdgeRoute(
  adapterHost: HttpAdapterHost,
  log: AppConfig['log'],
  operation: keyof typeof HOT_ROUTES,
  answer: (request: FastifyRequest) => Promise<string>,
): void {
  adapterHost.httpAdapter.getInstance<FastifyInstance>().route({
    method: HOT_ROUTES[operation],
    url: edgeRouteUrl(operation),
    onResponse: sampledRequestLog(log),
    // The error is handed to Fastify inside the correlation id's scope, so the filter's lines carry it too.
    handler: (request, reply) => runWithLazyCorrelationId(request.id, () => handle(request, reply, answer)),
  });
}

async function handle(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: (request: FastifyRequest) => Promise<string>,
): Promise<string | FastifyReply> {
  if (answeredNotFound(request, reply)) {
    return reply;
  }
  let json: string;
  try {
    json = await answer(request);
  } catch (error) {
    if (!(error instanceof Error)) {
      throw error;
    }
    return reply.send(error);
  }
  void reply.header('content-type', 'application/json; charset=utf-8');
  return json;
}

/**
 * True when the request was answered as an unknown route because a path parameter is empty (`devices//heartbeat`),
 * which is what Nest's Fastify adapter does for the routes it registers.
 */
function answeredNotFound(request: FastifyRequest, reply: FastifyReply): boolean {
  const params = request.params as Record<string, string>;
  for (const name in params) {
    if (params[name] === '') {
      reply.callNotFound();
      return true;
    }
  }
  return false;
}
