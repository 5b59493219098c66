import type { AppConfig } from '@lib/config';
import { shutdownState } from '@lib/observability';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAllowedClient } from './allowed-clients';

/**
 * A route served on node:http ahead of Fastify. It answers `request` itself and returns true, or returns false (or
 * throws) and Fastify serves the request. After an asynchronous step it may still call `handOn()` instead of
 * answering: Fastify then serves the request from the start, as if it had never been seen.
 */
export type AheadRoute = (request: IncomingMessage, response: ServerResponse, handOn: () => void) => boolean;

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Puts `route` ahead of Fastify on the app's HTTP(S) server, for a route so hot that Fastify's per-request work
 * (request and reply objects, routing, hooks, the async resource bound to each request) is a fifth of its CPU: the
 * devices' configuration poll. Fastify keeps serving everything else, and whatever the route leaves to it.
 *
 * The route only sees a request that every onRequest hook of createHttpApp would let through unchanged: not while
 * the app drains (Fastify's answers then close the connection), a URL within HTTP_MAX_URL_LENGTH, and on TLS a
 * client certificate of an allowed name. Fastify's own listener is taken off the server it built and called from
 * here, which keeps that server (TLS, timeouts, header limits) exactly as Fastify makes it; its `serverFactory`
 * option would mean building that server a second time.
 */
export function serveAheadOfFastify(
  fastify: FastifyInstance,
  http: AppConfig['http'],
  route: AheadRoute,
): void {
  const server = fastify.server;
  const [fastifyListener] = server.listeners('request') as RequestListener[];
  server.removeListener('request', fastifyListener);
  const clientNames = http.tls?.clientCommonNames ?? [];
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const handOn = (): void => fastifyListener(request, response);
    const mayPass =
      !shutdownState.draining &&
      (request.url ?? '').length <= http.maxUrlLength &&
      isAllowedClient(request.socket, clientNames);
    if (!mayPass || !takenBy(route, request, response, handOn)) {
      handOn();
    }
  });
}

/**
 * Whether `route` took the request. A route that throws leaves it to Fastify, which answers the same condition its
 * own way (the registry copy not caught up yet is a 503 there); thrown here it would end the process.
 */
function takenBy(
  route: AheadRoute,
  request: IncomingMessage,
  response: ServerResponse,
  handOn: () => void,
): boolean {
  try {
    return route(request, response, handOn);
  } catch {
    return false;
  }
}
