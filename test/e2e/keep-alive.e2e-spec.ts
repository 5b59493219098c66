import { Agent, request } from 'node:http';
import { describe, expect, inject, it } from 'vitest';

/** The `Keep-Alive` header of an answer on a kept-alive connection. */
function keepAliveOf(url: string): Promise<string | undefined> {
  const agent = new Agent({ keepAlive: true });
  return new Promise((resolve, reject) => {
    request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => {
        agent.destroy();
        resolve(res.headers['keep-alive'] as string | undefined);
      });
    })
      .on('error', reject)
      .end();
  });
}

/**
 * Idle keep-alive connections are kept longer than the clients' own idle timeout (Go's http.Transport, which the
 * Flotta Edge API uses: 90 s), so the client closes them first: a server closing one at the moment the client
 * reuses it fails that request (seen as a reset connection in the faults run).
 */
describe('keep-alive connections', () => {
  it.each(['gatewayUrl', 'configServiceUrl'] as const)(
    '%s keeps an idle connection for 120 s',
    async (app) => {
      expect(await keepAliveOf(`${inject(app)}/health/live`)).toBe('timeout=120');
    },
  );
});
