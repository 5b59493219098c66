import { rmSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import type { SecureVersion, TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDeviceId, newNamespace } from '../factories/device.factory';
import { type RunningApp, startApp } from '../support/apps';
import { type Certificates, makeCertificates } from '../support/certificates';
import { DeviceJourney } from '../support/device-journey';
import { appEnv, TEST_PORTS } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const PORT = TEST_PORTS.mtlsGateway;
const PROBE_PORT = TEST_PORTS.mtlsProbe;

interface Outcome {
  status?: number;
  alpn?: string | false | null;
  protocol?: string | null;
  body?: string;
  error?: string;
}

function call(
  certs: Certificates,
  client: { cert?: Buffer; key?: Buffer },
  options: { maxVersion?: SecureVersion; alpn?: string[]; path?: string } = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    const requestOptions: RequestOptions & { ALPNProtocols: string[] } = {
      host: '127.0.0.1',
      port: PORT,
      method: 'GET',
      path: options.path ?? `/api/flotta-backend/v1/namespaces/default/devices/${newDeviceId()}/registration`,
      headers: { accept: 'application/json' },
      ca: certs.caPem,
      cert: client.cert,
      key: client.key,
      maxVersion: options.maxVersion,
      ALPNProtocols: options.alpn ?? ['h2', 'http/1.1'],
      agent: false,
    };
    const req = request(requestOptions, (res) => {
      const socket = res.socket as TLSSocket;
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode, alpn: socket.alpnProtocol, protocol: socket.getProtocol(), body }),
      );
    });
    req.on('error', (error) => resolve({ error: error.message }));
    req.end();
  });
}

describe('gateway HTTPS with mutual TLS', () => {
  let certs: Certificates;
  let gateway: RunningApp;
  const journey = new DeviceJourney();

  beforeAll(async () => {
    certs = makeCertificates();
    // A second gateway, configured with TLS files, beside the plain-HTTP one of the shared system.
    gateway = await startApp(
      'gateway',
      PORT,
      {
        ...appEnv(),
        TLS_CERT_FILE: certs.serverCert,
        TLS_KEY_FILE: certs.serverKey,
        TLS_CA_FILE: certs.caCert,
        PROBE_PORT: String(PROBE_PORT),
      },
      { logName: 'gateway-mtls', probeUrl: `http://127.0.0.1:${PROBE_PORT}` },
    );
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    rmSync(certs.dir, { recursive: true, force: true });
  });

  it('serves a client certificate signed by the configured CA, over TLS 1.3 and HTTP/1.1 even when h2 is offered', async () => {
    const outcome = await call(certs, { cert: certs.clientCert, key: certs.clientKey });
    expect(outcome.error).toBeUndefined();
    expect(outcome.status).toBe(404);
    expect(outcome.protocol).toBe('TLSv1.3');
    expect(outcome.alpn).toBe('http/1.1');
    expect(JSON.parse(outcome.body ?? '')).toMatchObject({ status: 'unknown' });
  });

  it('refuses a client certificate signed by another CA', async () => {
    const outcome = await call(certs, { cert: certs.rogueClientCert, key: certs.rogueClientKey });
    expect(outcome.status).toBeUndefined();
    expect(outcome.error).toBeDefined();
  });

  it('refuses a device certificate of the same CA: only the Edge API may call', async () => {
    const outcome = await call(certs, { cert: certs.deviceCert, key: certs.deviceKey });
    expect(outcome.status).toBe(403);
    expect(JSON.parse(outcome.body ?? '')).toMatchObject({ code: 'CLIENT_NOT_ALLOWED' });
  });

  it("serves a registered device's configuration poll (answered ahead of Fastify) to the Edge API only", async () => {
    const ns = newNamespace();
    const id = newDeviceId();
    await journey.registered(ns, id);
    const path = `/api/flotta-backend/v1/namespaces/${ns}/devices/${id}/configuration`;
    const served = await waitFor(
      async () => {
        const outcome = await call(certs, { cert: certs.clientCert, key: certs.clientKey }, { path });
        return outcome.status === 200 ? outcome : undefined;
      },
      { what: 'the TLS gateway serving the registered device' },
    );
    expect(JSON.parse(served.body ?? '')).toHaveProperty('device-configuration');
    const refused = await call(certs, { cert: certs.deviceCert, key: certs.deviceKey }, { path });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body ?? '')).toMatchObject({ code: 'CLIENT_NOT_ALLOWED' });
  });

  it('refuses a client without a certificate', async () => {
    const outcome = await call(certs, {});
    expect(outcome.status).toBeUndefined();
    expect(outcome.error).toBeDefined();
  });

  it('answers probes and metrics on the plain probe port, and nothing else there', async () => {
    expect((await fetch(`http://127.0.0.1:${PROBE_PORT}/health/live`)).status).toBe(200);
    const metrics = await fetch(`http://127.0.0.1:${PROBE_PORT}/metrics`);
    expect(await metrics.text()).toContain('http_request_duration_seconds');
    const api = await fetch(
      `http://127.0.0.1:${PROBE_PORT}/api/flotta-backend/v1/namespaces/default/devices/d1/registration`,
    );
    expect(api.status).toBe(404);
  });

  it('refuses TLS 1.2', async () => {
    const outcome = await call(
      certs,
      { cert: certs.clientCert, key: certs.clientKey },
      { maxVersion: 'TLSv1.2' },
    );
    expect(outcome.status).toBeUndefined();
    expect(outcome.error).toMatch(/version|protocol|alert/i);
  });
});
