import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { Pool } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { gatedClient } from './connection-gate';

describe(gatedClient.name, () => {
  let server: Server | undefined;
  const sockets: Socket[] = [];

  afterEach(async () => {
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => server?.close(resolve));
  });

  /** A TCP server that accepts and never answers, as a frozen PostgreSQL does: it counts connection attempts. */
  async function silentServer(): Promise<{ port: number; attempts: () => number }> {
    server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return { port: (server.address() as AddressInfo).port, attempts: () => sockets.length };
  }

  it('refuses at once, without a connection attempt, while the gate is closed; connects once it opens', async () => {
    const { port, attempts } = await silentServer();
    const gate = { open: false };
    const pool = new Pool({
      host: '127.0.0.1',
      port,
      connectionTimeoutMillis: 300,
      Client: gatedClient(gate),
    });
    try {
      const refused = await Promise.all(
        [pool.query('SELECT 1'), pool.query('SELECT 1')].map((q) => q.catch((e: unknown) => e)),
      );
      expect(refused.map((e) => (e as { code?: string }).code)).toEqual(['08001', '08001']);
      expect(attempts()).toBe(0);

      gate.open = true;
      // The silent server never answers the startup: the pool's own connect timeout ends the attempt.
      const timedOut = await pool.query('SELECT 1').catch((e: unknown) => e);
      expect(String(timedOut)).toMatch(/timeout/);
      expect(attempts()).toBe(1);
    } finally {
      await pool.end();
    }
  });
});
