import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServer, type Server } from 'node:http';

const PROBE_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Serves the probe routes over plain HTTP on a second port, by injecting the request into the app: the same
 * handlers, without the mTLS handshake that kubelet and Prometheus cannot complete.
 */
export async function serveProbes(app: NestFastifyApplication, host: string, port: number): Promise<Server> {
  const fastify = app.getHttpAdapter().getInstance();
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || !PROBE_PATHS.has(path)) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"statusCode":404,"code":"ROUTE_NOT_FOUND"}');
      return;
    }
    fastify.inject({ method: 'GET', url: path }).then(
      (answer) => {
        res.writeHead(answer.statusCode, {
          'content-type': String(answer.headers['content-type'] ?? 'text/plain'),
        });
        res.end(answer.body);
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  app.getHttpServer().on('close', () => server.close());
  return server;
}
