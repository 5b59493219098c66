import type { FastifyInstance } from 'fastify';
import type { MetricsService } from './metrics.service';

/** Records every answered request under its route pattern, so ids in paths do not explode the label set. */
export function recordHttpMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    recordHttpAnswer(
      metrics,
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime,
    );
    done();
  });
}

/** One answered request in the request metrics, for a route served outside Fastify too. */
export function recordHttpAnswer(
  metrics: MetricsService,
  method: string,
  route: string,
  statusCode: number,
  elapsedMs: number,
): void {
  metrics.httpDuration.observe({ method, route, status: String(statusCode) }, elapsedMs / 1000);
}
