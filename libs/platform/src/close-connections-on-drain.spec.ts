import { shutdownState } from '@lib/observability';
import Fastify from 'fastify';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeConnectionsOnDrain } from './close-connections-on-drain';

/** One GET on `agent`'s kept-alive connection: the answer's `Connection` header. */
function connectionHeaderOf(url: string, agent: Agent): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.headers.connection));
    })
      .on('error', reject)
      .end();
  });
}

describe(closeConnectionsOnDrain.name, () => {
  afterEach(() => {
    shutdownState.draining = false;
  });

  it('lets the listener close while a request is in flight on a kept-alive connection', async () => {
    const fastify = Fastify({ keepAliveTimeout: 120_000 });
    closeConnectionsOnDrain(fastify);
    let entered!: () => void;
    const handlerEntered = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    fastify.get('/slow', async () => {
      entered();
      await released;
      return { ok: true };
    });
    fastify.get('/fast', () => ({ ok: true }));
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`;
    const agent = new Agent({ keepAlive: true });

    expect(await connectionHeaderOf(`${url}/fast`, agent)).toBe('keep-alive');
    const answer = connectionHeaderOf(`${url}/slow`, agent);
    await handlerEntered;
    // As on SIGTERM: draining first, then the listener closes with the request still in flight.
    shutdownState.draining = true;
    const closed = fastify.close();
    release();

    expect(await answer).toBe('close');
    // Without the hook the connection stays open for the keep-alive timeout, and so does close(): the test's own
    // timeout fails it.
    await closed;
    expect(fastify.server.listening).toBe(false);
    agent.destroy();
  });
});
