import { HEADERS, TOPICS } from '@lib/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { enrolmentBody, newDeviceId, newNamespace } from '../factories/device.factory';
import { KafkaProbe } from '../support/kafka-probe';
import { waitFor } from '../support/wait-for';

const metricsOf = async (url: string): Promise<string> => (await fetch(`${url}/metrics`)).text();

describe('observability', () => {
  const probe = new KafkaProbe();

  beforeAll(async () => {
    await probe.watch([TOPICS.enrolmentRequested, TOPICS.deviceLifecycle]);
  });

  afterAll(async () => {
    await probe.close();
  });

  it('carries the correlation id from the HTTP request into Kafka and through the registration worker', async () => {
    const deviceId = newDeviceId();
    const ns = newNamespace();
    const correlationId = `corr-${deviceId}`;
    const res = await fetch(
      `${inject('gatewayUrl')}/api/flotta-backend/v1/namespaces/${ns}/devices/${deviceId}/enrolment`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', [HEADERS.correlationId]: correlationId },
        body: JSON.stringify(enrolmentBody(ns)),
      },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get(HEADERS.correlationId)).toBe(correlationId);

    const [published] = await probe.waitForMessages(
      (m) => m.topic === TOPICS.enrolmentRequested && m.key === deviceId,
    );
    expect(published.headers[HEADERS.correlationId]).toBe(correlationId);
    // The lifecycle event is written by the worker while it handles the message, from its logging context.
    const [lifecycle] = await probe.waitForMessages(
      (m) => m.topic === TOPICS.deviceLifecycle && m.key === deviceId,
    );
    expect(lifecycle.headers[HEADERS.correlationId]).toBe(correlationId);
  });

  it('makes one up when the caller sends none, and returns it', async () => {
    const res = await fetch(`${inject('gatewayUrl')}/health/live`);
    expect(res.headers.get(HEADERS.correlationId)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exposes HTTP latency per route and status, and Kafka production, on the gateway', async () => {
    const text = await metricsOf(inject('gatewayUrl'));
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="[^"]+",method="POST",route="\/api\/flotta-backend\/v1\/namespaces\/:namespace\/devices\/:deviceId\/enrolment",status="201"\}/,
    );
    expect(text).toMatch(/kafka_messages_produced_total\{topic="device\.enrolment-requested\.v1"\} [1-9]/);
  });

  it('exposes consumption, consumer lag and the database pool on the workers', async () => {
    const worker = inject('registrationWorkerUrl');
    const text = await waitFor(
      async () => {
        const body = await metricsOf(worker);
        return /kafka_consumer_lag\{topic="device\.enrolment-requested\.v1",partition="\d+"\} \d+/.test(body)
          ? body
          : undefined;
      },
      { timeoutMs: 30_000, what: 'the first consumer lag measurement' },
    );
    expect(text).toMatch(
      /kafka_messages_consumed_total\{topic="device\.enrolment-requested\.v1",outcome="ok"\} [1-9]/,
    );
    expect(text).toMatch(/db_pool_connections\{state="total"\} \d+/);
  });

  it('reports every dependency on each app readiness, the consumer group membership included', async () => {
    for (const url of [
      inject('registrationWorkerUrl'),
      inject('heartbeatWorkerUrl'),
      inject('configServiceUrl'),
    ]) {
      const res = await fetch(`${url}/health/ready`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { info: Record<string, { status: string; state?: string }> };
      expect(body.info.database.status).toBe('up');
      expect(body.info.kafka.status).toBe('up');
      expect(body.info.consumer.state).toBe('joined');
    }
  });
});
