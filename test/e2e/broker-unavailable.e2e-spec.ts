import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolmentBody, heartbeatBody, newDeviceId, newNamespace } from '../factories/device.factory';
import { type RunningApp, startApp } from '../support/apps';
import { EdgeApiClient } from '../support/edge-api-client';
import { TEST_PORTS, appEnv } from '../support/test-env';

const PORT = TEST_PORTS.brokerlessGateway;

describe('gateway without a reachable broker', () => {
  let gateway: RunningApp;

  beforeAll(async () => {
    // Nothing listens on port 1: the producer can never connect.
    gateway = await startApp(
      'gateway',
      PORT,
      { ...appEnv(), KAFKA_BROKERS: '127.0.0.1:1', KAFKA_PUBLISH_TIMEOUT_MS: '1000' },
      { logName: 'gateway-no-broker', readyPath: '/health/live' },
    );
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it('answers a write with 503, Retry-After and a JSON message instead of accepting it', async () => {
    const edge = new EdgeApiClient(`${gateway.url}/api/flotta-backend/v1`);
    const ns = newNamespace();
    const res = await edge.enrol(ns, newDeviceId(), enrolmentBody(ns));
    expect(res.status).toBe(503);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.retryAfter).toMatch(/^\d+$/);
    // Without a broker the registry copy cannot catch up either: that is what refuses first.
    expect(res.body).toMatchObject({ code: 'REGISTRY_NOT_READY', message: expect.any(String) });
  });

  it('answers 503, never 404 DEVICE_NOT_FOUND, for any device before its registry copy caught up', async () => {
    const edge = new EdgeApiClient(`${gateway.url}/api/flotta-backend/v1`);
    const answers = await Promise.all([
      edge.heartbeat('default', newDeviceId(), heartbeatBody()),
      edge.registrationStatus('default', newDeviceId()),
      edge.configuration('default', newDeviceId()),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(503);
      expect(res.retryAfter).toMatch(/^\d+$/);
      expect(res.body).toMatchObject({ code: 'REGISTRY_NOT_READY' });
    }
  });

  it('reports not ready, naming the registry copy it cannot read without a broker, while staying alive', async () => {
    expect((await fetch(`${gateway.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${gateway.url}/health/ready`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { error: Record<string, { status: string }> };
    expect(body.error['registry-cache'].status).toBe('down');
  });
});
