import { dlqTopic, HEADERS, newEnvelope, TOPICS } from '@lib/contracts';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolmentBody, newDeviceId, newNamespace } from '../factories/device.factory';
import { testPool } from '../support/db';
import { DeviceJourney } from '../support/device-journey';
import { KafkaProbe } from '../support/kafka-probe';
import { waitFor } from '../support/wait-for';

describe('event delivery between the apps', () => {
  const journey = new DeviceJourney();
  const probe = new KafkaProbe();
  let db: Pool;

  beforeAll(async () => {
    db = testPool();
    await probe.watch([
      TOPICS.deviceLifecycle,
      dlqTopic(TOPICS.enrolmentRequested),
      dlqTopic(TOPICS.enrolmentDecided),
    ]);
  });

  afterAll(async () => {
    await probe.close();
    await db.end();
  });

  it('records a redelivered enrolment event once: one registry row, one lifecycle event', async () => {
    const deviceId = newDeviceId();
    const ns = newNamespace();
    const event = JSON.stringify({
      ...newEnvelope(),
      deviceId,
      namespace: ns,
      enrolmentInfo: { features: {} },
    });

    await probe.produce(TOPICS.enrolmentRequested, deviceId, event);
    await journey.waitForState(ns, deviceId, 'pending');
    await probe.produce(TOPICS.enrolmentRequested, deviceId, event);
    // A marker after the duplicate on the same partition (same key): once it is handled, so is the duplicate.
    const marker = JSON.stringify({ ...newEnvelope(), deviceId, decision: 'rejected', decidedBy: 'test' });
    await probe.produce(TOPICS.enrolmentDecided, deviceId, marker);
    await journey.waitForState(ns, deviceId, 'rejected');

    const rows = await db.query<{ revision: number }>('SELECT revision FROM device WHERE device_id = $1', [
      deviceId,
    ]);
    expect(rows.rows).toEqual([{ revision: 2 }]);
    const lifecycle = await probe.waitForMessages(
      (m) => m.topic === TOPICS.deviceLifecycle && m.key === deviceId,
      2,
    );
    expect(lifecycle.map((m) => m.headers[HEADERS.eventType])).toEqual(['enrolled', 'rejected']);
  });

  it('sends a poison message to the dead-letter topic with its origin and error, and keeps the partition moving', async () => {
    const deviceId = newDeviceId();
    const ns = newNamespace();
    await probe.produce(TOPICS.enrolmentRequested, deviceId, '{"not":"an event"', {
      [HEADERS.correlationId]: 'poison-1',
    });
    const invalid = JSON.stringify({ ...newEnvelope(), deviceId: '../etc', namespace: ns });
    await probe.produce(TOPICS.enrolmentRequested, deviceId, invalid);
    // A valid event behind them on the same partition is still handled.
    await probe.produce(
      TOPICS.enrolmentRequested,
      deviceId,
      JSON.stringify({ ...newEnvelope(), deviceId, namespace: ns, enrolmentInfo: { features: {} } }),
    );
    await journey.waitForState(ns, deviceId, 'pending');

    const dead = await probe.waitForMessages(
      (m) => m.topic === dlqTopic(TOPICS.enrolmentRequested) && m.key === deviceId,
      2,
      'two dead letters',
    );
    expect(dead[0]).toMatchObject({
      value: '{"not":"an event"',
      headers: {
        'original-topic': TOPICS.enrolmentRequested,
        'error-code': 'INVALID_EVENT',
        [HEADERS.correlationId]: 'poison-1',
      },
    });
    expect(dead[0].headers['original-partition']).toMatch(/^\d+$/);
    expect(dead[0].headers['original-offset']).toMatch(/^\d+$/);
    expect(Number.isNaN(Date.parse(dead[0].headers['failed-at']))).toBe(false);
    expect(dead[1].headers['error-message']).toContain('deviceId');
    expect(dead[1].value).toBe(invalid);
  });

  it('dead-letters a decision about a device the registry does not know', async () => {
    const deviceId = newDeviceId();
    await probe.produce(
      TOPICS.enrolmentDecided,
      deviceId,
      JSON.stringify({ ...newEnvelope(), deviceId, decision: 'approved', decidedBy: 'test' }),
    );
    const [dead] = await probe.waitForMessages(
      (m) => m.topic === dlqTopic(TOPICS.enrolmentDecided) && m.key === deviceId,
    );
    expect(dead.headers['error-code']).toBe('DEVICE_NOT_FOUND');
  });

  it('applies a batch in offset order, dead-letters only the events refused, and keeps the correlation id of each cause', async () => {
    const ns = newNamespace();
    const [first, second, unknown] = [newDeviceId(), newDeviceId(), newDeviceId()];
    await journey.enrolPending(ns, first);
    await journey.enrolPending(ns, second);
    const decision = (deviceId: string, decision: string, correlationId: string) => ({
      key: deviceId,
      // One partition: the consumer takes them as one batch (or a few), in this order.
      partition: 0,
      value: JSON.stringify({ ...newEnvelope(), deviceId, decision, decidedBy: 'test' }),
      headers: { [HEADERS.correlationId]: correlationId },
    });
    await probe.produceBatch(TOPICS.enrolmentDecided, [
      decision(first, 'approved', 'batch-1'),
      decision(unknown, 'approved', 'batch-2'),
      decision(second, 'rejected', 'batch-3'),
      decision(first, 'rejected', 'batch-4'),
    ]);

    await journey.waitForState(ns, second, 'rejected');
    await journey.waitForState(ns, first, 'rejected');
    const lifecycle = await probe.waitForMessages(
      (m) => m.topic === TOPICS.deviceLifecycle && m.key === first,
      3,
    );
    expect(lifecycle.map((m) => [m.headers[HEADERS.eventType], m.headers[HEADERS.correlationId]])).toEqual([
      ['enrolled', expect.any(String)],
      ['approved', 'batch-1'],
      ['rejected', 'batch-4'],
    ]);
    expect(
      lifecycle.map((m) => (JSON.parse(m.value ?? '') as { device: { revision: number } }).device.revision),
    ).toEqual([1, 2, 3]);
    const [dead] = await probe.waitForMessages(
      (m) => m.topic === dlqTopic(TOPICS.enrolmentDecided) && m.key === unknown,
    );
    expect(dead.headers).toMatchObject({
      'error-code': 'DEVICE_NOT_FOUND',
      [HEADERS.correlationId]: 'batch-2',
    });
    expect(
      probe.messages(
        (m) => m.topic === dlqTopic(TOPICS.enrolmentDecided) && (m.key === first || m.key === second),
      ),
    ).toEqual([]);
  });

  it('applies a command once: a copy republished after the device re-enrolled is skipped by its eventId', async () => {
    const ns = newNamespace();
    const deviceId = newDeviceId();
    await journey.enrolPending(ns, deviceId);
    const command = (body: Record<string, unknown>, correlationId: string) =>
      probe.produce(TOPICS.enrolmentDecided, deviceId, JSON.stringify(body), {
        [HEADERS.correlationId]: correlationId,
      });
    // As the outbox relay would send it twice: published, a crash before the row's delete, published again.
    const approval = { ...newEnvelope(), deviceId, decision: 'approved', decidedBy: 'test' };
    await command(approval, 'approve-once');
    await journey.waitForState(ns, deviceId, 'approved');
    await probe.produce(
      TOPICS.decommissionRequested,
      deviceId,
      JSON.stringify({ ...newEnvelope(), deviceId, namespace: ns, requestedBy: 'test' }),
    );
    await journey.waitForState(ns, deviceId, 'decommissioned');
    // The gateway takes the enrolment once its registry copy has seen the decommissioning.
    await waitFor(
      async () => (await journey.edge.enrol(ns, deviceId, enrolmentBody(ns))).status === 201 || undefined,
      { what: 'the re-enrolment taken' },
    );
    await journey.waitForState(ns, deviceId, 'pending');

    await command(approval, 'approve-again');
    // Behind the copy on the same partition: once it is handled, so is the copy.
    await command({ ...newEnvelope(), deviceId, decision: 'rejected', decidedBy: 'test' }, 'reject');
    await journey.waitForState(ns, deviceId, 'rejected');

    const lifecycle = await probe.waitForMessages(
      (m) => m.topic === TOPICS.deviceLifecycle && m.key === deviceId,
      5,
    );
    // Applied by state alone, the copy would have approved the new enrolment before the rejection.
    expect(lifecycle.map((m) => [m.headers[HEADERS.eventType], m.headers[HEADERS.correlationId]])).toEqual([
      ['enrolled', expect.any(String)],
      ['approved', 'approve-once'],
      ['decommissioned', expect.any(String)],
      ['enrolled', expect.any(String)],
      ['rejected', 'reject'],
    ]);
    const applied = await db.query('SELECT 1 FROM applied_command WHERE event_id = $1', [approval.eventId]);
    expect(applied.rowCount).toBe(1);
  });
});
