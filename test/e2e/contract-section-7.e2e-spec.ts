import { newEnvelope, TOPICS } from '@lib/contracts';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enrolmentBody,
  heartbeatBody,
  newDeviceId,
  newNamespace,
  registrationBody,
} from '../factories/device.factory';
import { testPool } from '../support/db';
import { DeviceJourney } from '../support/device-journey';
import { type EdgeResponse } from '../support/edge-api-client';
import { KafkaProbe } from '../support/kafka-probe';
import { waitFor } from '../support/wait-for';

// One test per row of docs/contract.md#what-we-answer not already covered in device-lifecycle and bad-input.
describe('docs/contract.md: what we answer', () => {
  const journey = new DeviceJourney();
  const { edge } = journey;
  const probe = new KafkaProbe();
  let db: Pool;

  beforeAll(async () => {
    db = testPool();
    await probe.watch([TOPICS.heartbeatReceived]);
  });

  afterAll(async () => {
    await probe.close();
    await db.end();
  });

  it('GET registration of a registered device: 200 registered with its real namespace', async () => {
    const ns = newNamespace();
    const deviceId = newDeviceId();
    await journey.registered(ns, deviceId, { namespace: `${ns}-real` });
    for (const pathNamespace of ['default', `${ns}-real`]) {
      const res = await edge.registrationStatus(pathNamespace, deviceId);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'registered', namespace: `${ns}-real` });
    }
  });

  it('an approval on its way to the read model is never answered `unregistered`', async () => {
    const ns = newNamespace();
    const deviceId = newDeviceId();
    await journey.enrolPending(ns, deviceId);
    await probe.produce(
      TOPICS.enrolmentDecided,
      deviceId,
      JSON.stringify({ ...newEnvelope(), deviceId, decision: 'approved', decidedBy: 'test' }),
    );
    const answers: EdgeResponse[] = [];
    await waitFor(async () => {
      const res = await edge.registrationStatus('default', deviceId);
      answers.push(res);
      return res.status === 200;
    });
    for (const answer of answers.slice(0, -1)) {
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ status: 'unknown' });
    }
    expect(answers.at(-1)?.body).toEqual({ status: 'registered', namespace: ns });
  });

  it('every success other than enrolment is exactly 200, and every answer is JSON', async () => {
    const ns = newNamespace();
    const deviceId = newDeviceId();
    await journey.approved(ns, deviceId);
    const answers = [
      await edge.registrationStatus('default', deviceId),
      await edge.register(ns, deviceId, registrationBody()),
      await edge.configuration(ns, deviceId),
      await edge.heartbeat(ns, deviceId, heartbeatBody()),
      await edge.playbookExecutions(ns, deviceId),
    ];
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.contentType).toMatch(/^application\/json/);
      expect(() => JSON.parse(res.text) as unknown).not.toThrow();
    }
    const enrolment = await edge.enrol(ns, deviceId, enrolmentBody(ns));
    expect(enrolment.status).toBe(200);
    expect(enrolment.contentType).toMatch(/^application\/json/);
  });

  it('records a heartbeat repeated by the Edge API retries once', async () => {
    const ns = newNamespace();
    const deviceId = newDeviceId();
    await journey.registered(ns, deviceId);
    const body = heartbeatBody('3', { events: [{ reason: 'Started', message: 'retry me', type: 'info' }] });
    for (let attempt = 0; attempt < 4; attempt++) {
      expect((await edge.heartbeat(ns, deviceId, body)).status).toBe(200);
    }
    // A different heartbeat behind them on the same partition: once it is recorded, the four were handled.
    expect((await edge.heartbeat(ns, deviceId, heartbeatBody('4'))).status).toBe(200);
    const published = await probe.waitForMessages(
      (m) => m.topic === TOPICS.heartbeatReceived && m.key === deviceId,
      5,
      'five published heartbeats',
    );
    await waitFor(
      async () => {
        const { rows } = await db.query<{ config_version: string }>(
          'SELECT config_version FROM device_status WHERE device_id = $1',
          [deviceId],
        );
        return rows[0]?.config_version === '4';
      },
      { what: 'the marker heartbeat recorded' },
    );
    const firstEventId = (JSON.parse(published[0].value ?? '{}') as { eventId: string }).eventId;
    const { rows } = await db.query<{ heartbeat_id: string }>(
      `SELECT heartbeat_id FROM device_event WHERE device_id = $1 AND reason = 'Started'`,
      [deviceId],
    );
    expect(rows).toEqual([{ heartbeat_id: firstEventId }]);
  });
});
