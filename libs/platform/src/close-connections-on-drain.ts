import { shutdownState } from '@lib/observability';
import type { FastifyInstance } from 'fastify';

/**
 * While the app drains (SIGTERM), every answer closes its connection. The listener's close sweeps idle kept-alive
 * connections once; a request still in flight at that moment was answered keep-alive, and its connection then sat
 * idle for the whole keep-alive timeout (120 s), holding the listener open until the shutdown deadline ended the
 * process with exit code 1. Probers and scrapers keep asking a stopping replica on their connections after the load
 * balancer has taken it out, so this happened in most rolling restarts of the faults run.
 */
export function closeConnectionsOnDrain(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (shutdownState.draining) {
      void reply.header('connection', 'close');
    }
    done(null, payload);
  });
}
