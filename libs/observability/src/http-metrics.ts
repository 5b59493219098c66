import type { FastifyInstance } from 'fastify';
import type { MetricsService } from './metrics.service';

/** Records every answered request under its route pattern, so ids in paths do not explode the label set. */
export function recordHttpMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
