import { AppConfigModule, parseEnv, toAppConfig } from '@lib/config';
import { ObservabilityModule } from '@lib/observability';
import { createHttpApp } from '@lib/platform';
import { type DynamicModule, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import 'reflect-metadata';
// eslint-disable-next-line no-restricted-imports -- an in-process bench of the gateway's own route, not an app using another
import { EDGE_HOT_ROUTES, serveEdgeRoute } from '../apps/gateway/src/edge-api/edge-route';

/**
 * A/B of the hot routes' request logging, in one process: the gateway's HTTP app (createHttpApp: its hooks, the
 * logger middleware, the metrics) serving `PUT heartbeat` with an answer that does nothing, once as before issue 18
 * (a plain route under the logger middleware) and once as now (serveEdgeRoute: the middleware skips it, sampled
 * log). Prints the CPU per request of each, rounds alternating, as medians; JSON body, LOG_LEVEL=info.
 *
 *   npm run build && node dist/bench/hot-route-log-ab.js [--rounds=7] [--requests=20000]
 */
const config = toAppConfig('gateway', parseEnv({ LOG_LEVEL: 'info' }));
const URL = '/api/flotta-backend/v1/namespaces/ns/devices/dev-1/heartbeat';
const BODY = JSON.stringify({ status: 'up', version: '1', time: '2026-01-01T00:00:00Z', hardware: {} });

@Injectable()
class SampledRoute implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}
  onApplicationBootstrap(): void {
    serveEdgeRoute(this.adapterHost, config.log, 'heartbeat', () => Promise.resolve('{}'));
  }
}

/** The route as it was served before: the same handler's shape, under the logger middleware. */
@Injectable()
class LoggedRoute implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}
  onApplicationBootstrap(): void {
    this.adapterHost.httpAdapter.getInstance<FastifyInstance>().route({
      method: 'PUT',
      url: String(EDGE_HOT_ROUTES[1].path),
      handler: async (_request, reply) => {
        const json = await Promise.resolve('{}');
        void reply.header('content-type', 'application/json; charset=utf-8');
        return json;
      },
    });
  }
}

@Module({})
class HotRouteModule {
  static forRoot(sampled: boolean): DynamicModule {
    return {
      module: HotRouteModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot({ readiness: [], sampledLogRoutes: sampled ? EDGE_HOT_ROUTES : [] }),
      ],
      providers: [sampled ? SampledRoute : LoggedRoute],
    };
  }
}

async function cpuPerRequestUs(app: NestFastifyApplication, requests: number): Promise<number> {
  const fastify = app.getHttpAdapter().getInstance();
  const send = () =>
    fastify.inject({
      method: 'PUT',
      url: URL,
      payload: BODY,
      headers: { 'content-type': 'application/json' },
    });
  const first = await send();
  if (first.statusCode !== 200) {
    throw new Error(`PUT heartbeat answered ${first.statusCode}: ${first.body}`);
  }
  const start = process.cpuUsage();
  for (let i = 0; i < requests; i += 50) {
    await Promise.all(Array.from({ length: 50 }, send));
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / requests;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const arg = (name: string, fallback: number) =>
    Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  const rounds = arg('rounds', 7);
  const requests = arg('requests', 20_000);
  // Logs go to stdout: send them to /dev/null (`> /dev/null`) to measure what writing them costs, not a terminal.
  const before = await createHttpApp(HotRouteModule.forRoot(false), config);
  await before.init();
  const after = await createHttpApp(HotRouteModule.forRoot(true), config);
  await after.init();
  const results = { before: [] as number[], after: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    results.before.push(await cpuPerRequestUs(before, requests));
    results.after.push(await cpuPerRequestUs(after, requests));
  }
  await before.close();
  await after.close();
  const line = (name: 'before' | 'after') =>
    `${name}: median ${median(results[name]).toFixed(1)} µs CPU per request (rounds: ${results[name].map((x) => x.toFixed(1)).join(', ')})`;
  process.stderr.write(`${line('before')}\n${line('after')}\n`);
}

void main();
