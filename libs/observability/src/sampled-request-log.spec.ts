import Fastify, { type FastifyInstance } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  runWithLazyCorrelationId,
  sampledRequestLog,
  type SampledRequestLogOptions,
} from './sampled-request-log';

interface Line {
  level: number;
  msg: string;
  correlationId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
  slow?: boolean;
}

/** A hot route on a real Fastify instance, logging through a real pino logger into `lines`. */
async function hotRoute(options: SampledRequestLogOptions, lines: Line[]): Promise<FastifyInstance> {
  const root = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Line);
        done();
      },
    }),
  );
  Object.defineProperty(PinoLogger, 'root', { value: root, configurable: true, writable: true });
  const app = Fastify({ genReqId: (req) => String(req.headers['x-correlation-id']) });
  app.get<{ Querystring: { status?: string; waitMs?: string } }>('/hot', {
    onResponse: sampledRequestLog(options),
    handler: async (request, reply) => {
      if (request.query.waitMs) {
        // A slow answer, which is what is under test here (not a wait for some condition).
        await new Promise((resolve) => setTimeout(resolve, Number(request.query.waitMs)));
      }
      return reply.status(Number(request.query.status ?? 200)).send({});
    },
  });
  await app.ready();
  return app;
}

const call = (app: FastifyInstance, id: string, query = '') =>
  app.inject({ method: 'GET', url: `/hot${query}`, headers: { 'x-correlation-id': id } });

describe('sampledRequestLog', () => {
  const lines: Line[] = [];
  let app: FastifyInstance | undefined;

  beforeEach(() => {
    lines.length = 0;
  });

  afterEach(async () => {
    await app?.close();
  });

  it('logs no line for a quick success when the sample rate is 0', async () => {
    app = await hotRoute({ slowRequestMs: 10_000, sampleRate: 0 }, lines);
    for (let i = 0; i < 20; i++) {
      expect((await call(app, `ok-${i}`)).statusCode).toBe(200);
    }
    expect(lines).toEqual([]);
  });

  it('logs every failure with its correlation id, 4xx at info and 5xx at error', async () => {
    app = await hotRoute({ slowRequestMs: 10_000, sampleRate: 0 }, lines);
    await call(app, 'bad-1', '?status=400');
    await call(app, 'down-1', '?status=503');
    expect(lines).toMatchObject([
      {
        level: 30,
        msg: 'request completed',
        correlationId: 'bad-1',
        req: { method: 'GET' },
        res: { statusCode: 400 },
      },
      { level: 50, msg: 'request errored', correlationId: 'down-1', res: { statusCode: 503 } },
    ]);
    expect(typeof lines[0].responseTime).toBe('number');
  });

  it('logs a success slower than the threshold at warn', async () => {
    app = await hotRoute({ slowRequestMs: 20, sampleRate: 0 }, lines);
    await call(app, 'quick-1');
    await call(app, 'slow-1', '?waitMs=40');
    expect(lines).toMatchObject([
      { level: 40, correlationId: 'slow-1', slow: true, res: { statusCode: 200 } },
    ]);
  });

  it('logs every success at a sample rate of 1', async () => {
    app = await hotRoute({ slowRequestMs: 10_000, sampleRate: 1 }, lines);
    await call(app, 'ok-1');
    await call(app, 'ok-2');
    expect(lines.map((l) => [l.level, l.correlationId])).toEqual([
      [30, 'ok-1'],
      [30, 'ok-2'],
    ]);
  });
});

describe('runWithLazyCorrelationId', () => {
  it('puts the correlation id on the lines logged inside, across awaits', async () => {
    const lines: Line[] = [];
    await hotRoute({ slowRequestMs: 10_000, sampleRate: 0 }, lines).then((app) => app.close());
    const logger = new PinoLogger({});
    await runWithLazyCorrelationId('inside-1', async () => {
      await Promise.resolve();
      logger.warn('something happened');
    });
    expect(lines.map((l) => [l.msg, l.correlationId])).toEqual([['something happened', 'inside-1']]);
  });
});
