import type { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EDGE_API_DEVICE_PATH } from './device-path.params';

/** The route pattern Nest would have registered for `operation`: the metrics' `route` label stays the same. */
function edgeRouteUrl(operation: string): string {
  return `/${EDGE_API_DEVICE_PATH}/${operation}`;
}

/**
 * Serves one of the devices' hot routes (GET configuration, PUT heartbeat) on the Fastify instance under the Nest
 * app; `answer` gives the JSON text. They are served without Nest's per-request pipeline (execution context,
 * pipes, response controller): at fleet scale that pipeline cost as much CPU as the rest of the request.
 * Everything else still applies to them, because it lives in Fastify: the onRequest hooks (correlation id,
 * client-name check, input limits), the JSON body parser, the request log, the metrics, and the error handler Nest
 * installs, which runs the DomainExceptionFilter, so an error thrown by such a route is answered exactly as from a
 * controller.
 */
export function serveEdgeRoute(
  adapterHost: HttpAdapterHost,
  method: 'GET' | 'PUT',
  operation: string,
  answer: (request: FastifyRequest) => Promise<string>,
): void {
  adapterHost.httpAdapter.getInstance<FastifyInstance>().route({
    method,
    url: edgeRouteUrl(operation),
    handler: async (request, reply) => {
      if (answeredNotFound(request, reply)) {
        return reply;
      }
      const json = await answer(request);
      void reply.header('content-type', 'application/json; charset=utf-8');
      return json;
    },
  });
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
