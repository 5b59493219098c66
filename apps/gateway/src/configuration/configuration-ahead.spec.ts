import { MetricsService } from '@lib/observability';
import { DomainError } from '@lib/platform';
import { PinoLogger } from 'nestjs-pino';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceAccess } from '../edge-api/device-access';
import { configurationAhead } from './configuration-ahead';
import type { ConfigurationRoute } from './configuration.route';

const PATH = '/api/flotta-backend/v1/namespaces/fleet/devices/dev-1/configuration';

interface Answer {
  status: number;
  /** Header names and values in the order they were sent, without Date, Connection and Keep-Alive. */
  headers: string[];
  body: string;
}

function get(url: string, path: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request(`${url}${path}`, { method, agent: false, headers: { 'x-correlation-id': 'corr-1' } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => {
        const headers: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (!['date', 'connection', 'keep-alive'].includes(res.rawHeaders[i].toLowerCase())) {
            headers.push(`${res.rawHeaders[i].toLowerCase()}: ${res.rawHeaders[i + 1]}`);
          }
        }
        resolve({ status: res.statusCode ?? 0, headers, body });
      });
    })
      .on('error', reject)
      .end();
  });
}

describe(configurationAhead.name, () => {
  let server: Server;
  let url: string;
  let metrics: MetricsService;
  let document: (namespace: string, deviceId: string) => Promise<string>;
  let approved: boolean;
  let lines: { level: number; correlationId?: string; msg: string; res?: { statusCode: number } }[];

  beforeEach(async () => {
    lines = [];
    const root = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
          done();
        },
      }),
    );
    Object.defineProperty(PinoLogger, 'root', { value: root, configurable: true, writable: true });
    metrics = new MetricsService();
    approved = true;
    document = () => Promise.resolve('{"configuration":{}}');
    const access = {
      approved: () => (approved ? { state: 'registered', namespace: 'fleet' } : undefined),
    } as unknown as DeviceAccess;
    const route = { document: (ns: string, id: string) => document(ns, id) } as ConfigurationRoute;
    const ahead = configurationAhead(
      access,
      route,
      { slowRequestMs: 60_000, sampleRate: 0 } as never,
      metrics,
    );
    // Stands in for Fastify: whatever the route leaves or hands on is answered 299.
    const fallback = (_: IncomingMessage, res: ServerResponse) => res.writeHead(299).end('fallback');
    server = createServer((req, res) => {
      if (!ahead(req, res, () => fallback(req, res))) {
        fallback(req, res);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers a plain poll of an approved device as the Fastify route does, and counts it under the route', async () => {
    const answer = await get(url, PATH);
    expect(answer).toEqual({
      status: 200,
      headers: [
        'x-correlation-id: corr-1',
        'content-type: application/json; charset=utf-8',
        'content-length: 20',
      ],
      body: '{"configuration":{}}',
    });
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/api/flotta-backend/v1/namespaces/:namespace/devices/:deviceId/configuration",status="200"} 1',
    );
  });

  it("answers the route's errors in the error filter's shape, with Retry-After on a 503", async () => {
    document = () =>
      Promise.reject(new DomainError('UPSTREAM_UNAVAILABLE', 'The configuration service is down'));
    const answer = await get(url, PATH);
    const body =
      '{"statusCode":503,"code":"UPSTREAM_UNAVAILABLE","message":"The configuration service is down","correlationId":"corr-1"}';
    expect(answer).toEqual({
      status: 503,
      headers: [
        'x-correlation-id: corr-1',
        'retry-after: 2',
        'content-type: application/json; charset=utf-8',
        `content-length: ${body.length}`,
      ],
      body,
    });
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 50,
        correlationId: 'corr-1',
        msg: 'request errored',
        res: expect.objectContaining({ statusCode: 503 }),
      }),
    );
  });

  it('hands an unexpected failure on to Fastify', async () => {
    document = () => Promise.reject(new Error('a bug'));
    expect((await get(url, PATH)).body).toBe('fallback');
  });

  it.each([
    ['a device not approved', PATH, 'GET', false],
    ['a query string', `${PATH}?x=1`, 'GET', true],
    ['percent-encoding', PATH.replace('dev-1', 'dev%2D1'), 'GET', true],
    ['an invalid device id', PATH.replace('dev-1', '-dev'), 'GET', true],
    ['another operation', PATH.replace('configuration', 'heartbeat'), 'GET', true],
    ['HEAD', PATH, 'HEAD', true],
  ])('leaves %s to Fastify', async (_what, path, method, isApproved) => {
    approved = isApproved;
    expect((await get(url, path, method)).status).toBe(299);
  });
});
