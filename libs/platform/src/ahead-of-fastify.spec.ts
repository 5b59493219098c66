import type { AppConfig } from '@lib/config';
import { shutdownState } from '@lib/observability';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serveAheadOfFastify } from './ahead-of-fastify';

const HTTP = { maxUrlLength: 64 } as AppConfig['http'];

describe(serveAheadOfFastify.name, () => {
  let fastify: FastifyInstance;
  let url: string;
  let later: (() => void)[];

  beforeEach(async () => {
    later = [];
    fastify = Fastify();
    fastify.get('/*', () => 'fastify');
    serveAheadOfFastify(fastify, HTTP, (request, response, handOn) => {
      if (request.url?.startsWith('/ahead')) {
        response.end('ahead');
        return true;
      }
      if (request.url === '/throws') {
        throw new Error('not ready');
      }
      if (request.url === '/later') {
        later.push(handOn);
        return true;
      }
      return false;
    });
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    shutdownState.draining = false;
    await fastify.close();
  });

  const body = async (path: string): Promise<string> => (await fetch(`${url}${path}`)).text();

  it('answers the requests its route takes, and leaves the others to Fastify', async () => {
    expect(await body('/ahead')).toBe('ahead');
    expect(await body('/other')).toBe('fastify');
  });

  it('leaves a request to Fastify when the route throws, and goes on serving', async () => {
    expect(await body('/throws')).toBe('fastify');
    expect(await body('/ahead')).toBe('ahead');
  });

  it('lets the route hand a request on to Fastify after an asynchronous step', async () => {
    const answer = body('/later');
    await expect.poll(() => later.length).toBe(1);
    later[0]();
    expect(await answer).toBe('fastify');
  });

  it('leaves every request to Fastify while the app drains, and one whose URL is over the limit', async () => {
    shutdownState.draining = true;
    expect(await body('/ahead')).toBe('fastify');
    shutdownState.draining = false;
    expect(await body(`/ahead?${'x'.repeat(HTTP.maxUrlLength)}`)).toBe('fastify');
    expect(await body('/ahead')).toBe('ahead');
  });
});
