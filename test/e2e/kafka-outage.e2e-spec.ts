import { ensureTopics } from '@lib/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolmentBody, newDeviceId, newNamespace } from '../factories/device.factory';
import { type RunningApp, startApp } from '../support/apps';
import { EdgeApiClient, type EdgeResponse } from '../support/edge-api-client';
import { printFigure } from '../support/figure';
import { type PrivateDependency, startPrivateKafka } from '../support/private-dependency';
import { TEST_PORTS, appEnv, testConfig } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/** The broker-down answer: 503 with Retry-After and the error body, never a 2xx without the broker's ack. */
function expectRefused(res: EdgeResponse): void {
  expect(res.status).toBe(503);
  expect(res.retryAfter).toMatch(/^\d+$/);
  expect(res.body).toMatchObject({ code: 'BROKER_UNAVAILABLE', message: expect.any(String) });
}

/**
 * A gateway on a broker of its own, which the test freezes (SIGSTOP: connections stay open, nothing answers) and
 * kills: the gateway fails fast once it knows, and heals by itself when the broker is back. The times printed
 * are figures for docs/operations.md; what is asserted is the answers (the 3 s publish timeout set here is what
 * a request that is not failed fast would wait).
 */
describe('gateway while its broker is frozen or dead', () => {
  let kafka: PrivateDependency;
  let gateway: RunningApp;
  let edge: EdgeApiClient;
  const ns = newNamespace();
  const enrol = async (): Promise<EdgeResponse & { ms: number }> => {
    const started = Date.now();
    const res = await edge.enrol(ns, newDeviceId(), enrolmentBody(ns));
    return { ...res, ms: Date.now() - started };
  };
  const recovered = async (what: string): Promise<number> => {
    const since = Date.now();
    await waitFor(async () => (await enrol()).status === 201, { timeoutMs: 30_000, intervalMs: 200, what });
    return Date.now() - since;
  };

  beforeAll(async () => {
    kafka = await startPrivateKafka('kafka-outage-broker', TEST_PORTS.privateKafka);
    const brokers = `127.0.0.1:${TEST_PORTS.privateKafka}`;
    await ensureTopics({ ...testConfig().kafka, brokers: [brokers] });
    gateway = await startApp(
      'gateway',
      TEST_PORTS.kafkaOutageGateway,
      { ...appEnv(), KAFKA_BROKERS: brokers, KAFKA_PUBLISH_TIMEOUT_MS: '3000' },
      { logName: 'gateway-kafka-outage', readyPath: '/health/live' },
    );
    edge = new EdgeApiClient(`${gateway.url}/api/flotta-backend/v1`);
    await recovered('the gateway to accept enrolments');
  }, 180_000);

  afterAll(async () => {
    await gateway?.stop();
    await kafka?.stop();
  });

  it('refuses with 503 at once while the broker is frozen, once one publish went unacknowledged', async () => {
    kafka.freeze();
    try {
      const first = await enrol();
      expectRefused(first);
      const next = await Promise.all([enrol(), enrol(), enrol()]);
      next.forEach(expectRefused);
      const slowest = Math.max(...next.map((r) => r.ms));
      printFigure(`frozen broker: first answer ${first.ms} ms, then ${slowest} ms at most`);
      // Failing fast: far below the 3 s the first one waited for the broker.
      expect(slowest).toBeLessThan(first.ms);
      // Still ready: the broker is every replica's, so a Service keeps the gateways and devices keep getting a 503
      // with Retry-After (and their configuration) rather than refused connections.
      const ready = await fetch(`${gateway.url}/health/ready`);
      expect(ready.status).toBe(200);
    } finally {
      kafka.thaw();
    }
    printFigure(`2xx again ${await recovered('enrolments after SIGCONT')} ms after SIGCONT`);
  });

  it('refuses with 503 while the broker is dead and heals by itself once it is back', async () => {
    await kafka.kill();
    const refused = await waitFor(
      async () => {
        const res = await enrol();
        // Until the gateway knows, a publish may wait its timeout; never is one acknowledged.
        expect(res.status).not.toBe(201);
        return res.ms < 1000 ? res : false;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'a fast 503 with the broker dead' },
    );
    expectRefused(refused);
    printFigure(`dead broker: answered 503 in ${refused.ms} ms`);
    await kafka.start();
    printFigure(`kafka: 2xx again ${await recovered('enrolments after the restart')} ms after the restart`);
  });
});
