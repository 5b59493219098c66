import type { ErrorCode } from '@lib/contracts';
import type { FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** The common name of the client certificate on `socket`, or undefined when the socket is not TLS. */
function clientName(socket: Socket): string | undefined {
  const tls = socket as Partial<TLSSocket>;
  // Only the probe server's injected requests (health and metrics, see probe-server.ts) have no TLS socket.
  if (typeof tls.getPeerCertificate !== 'function') {
    return undefined;
  }
  const subject = tls.getPeerCertificate().subject as { CN?: unknown } | undefined;
  return typeof subject?.CN === 'string' ? subject.CN : '';
}

/** True when a request on `socket` may call the API: not TLS, or a client certificate of one of `commonNames`. */
export function isAllowedClient(socket: Socket, commonNames: string[]): boolean {
  const name = clientName(socket);
  return name === undefined || commonNames.includes(name);
}

/**
 * Devices' certificates chain to the same Flotta CA as the Edge API's: the handshake alone would let any
 * device call for any other. Only the configured client names (the Edge API's certificate has CN `*`) pass.
 */
export function allowOnlyClients(fastify: FastifyInstance, commonNames: string[]): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const name = clientName(request.raw.socket);
    if (name === undefined || commonNames.includes(name)) {
      done();
      return;
    }
    void reply.status(403).send({
      statusCode: 403,
      code: 'CLIENT_NOT_ALLOWED' satisfies ErrorCode,
      message: `A client certificate for "${name}" may not call this API`,
      correlationId: request.id,
    });
  });
}
