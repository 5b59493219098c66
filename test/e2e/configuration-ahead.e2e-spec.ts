import { connect } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { newDeviceId, newNamespace } from '../factories/device.factory';
import { DeviceJourney } from '../support/device-journey';
import { waitFor } from '../support/wait-for';

/**
 * One request written as raw bytes, and the answer's raw bytes without the Date header (it differs by the second).
 * The socket stays open for writing: Fastify drops the answer to a half-closed one.
 */
function wireAnswer(path: string, correlationId: string): Promise<string> {
  const { hostname, port } = new URL(inject('gatewayUrl'));
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: application/json\r\n` +
          `X-Correlation-Id: ${correlationId}\r\nConnection: close\r\n\r\n`,
      );
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () =>
      resolve(
        Buffer.concat(chunks)
          .toString('latin1')
          .replace(/\r\ndate: [^\r]*/i, ''),
      ),
    );
  });
}

/**
 * A plain configuration poll of an approved device is answered on node:http ahead of Fastify
 * (apps/gateway/src/configuration/configuration-ahead.ts); the same request with a query string goes to the Fastify
 * route. Their answers must be the same bytes: the Edge API's client sees no difference.
 */
describe('GET configuration ahead of Fastify', () => {
  const journey = new DeviceJourney();

  it('answers a plain poll with the bytes the Fastify route answers', async () => {
    const ns = newNamespace();
    const id = newDeviceId();
    await journey.registered(ns, id);
    const path = `/api/flotta-backend/v1/namespaces/${ns}/devices/${id}/configuration`;
    const ahead = await waitFor(
      async () => {
        const answer = await wireAnswer(path, 'ahead-compare-1');
        return answer.startsWith('HTTP/1.1 200') ? answer : undefined;
      },
      { what: 'the registered device served' },
    );
    const viaFastify = await wireAnswer(`${path}?via=fastify`, 'ahead-compare-1');
    expect(ahead).toContain('"device-configuration"');
    expect(ahead).toContain('x-correlation-id: ahead-compare-1');
    expect(ahead).toBe(viaFastify);
  });

  it('leaves what it does not serve to the Fastify route, which answers as before', async () => {
    const unknown = await wireAnswer(
      `/api/flotta-backend/v1/namespaces/${newNamespace()}/devices/${newDeviceId()}/configuration`,
      'ahead-compare-2',
    );
    expect(unknown).toMatch(/^HTTP\/1\.1 404 /);
    expect(unknown).toContain('"code":"DEVICE_NOT_FOUND"');
    expect(unknown).toContain('"correlationId":"ahead-compare-2"');
  });
});
