import addFormats from 'ajv-formats';
import Ajv2020 from 'ajv/dist/2020';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heartbeatBody, newDeviceId, newNamespace } from '../factories/device.factory';
import { DeviceJourney } from '../support/device-journey';
import { waitFor } from '../support/wait-for';

const SCHEMAS = join(__dirname, '..', '..', 'libs', 'contracts', 'schemas');
const TOPICS = ['device.heartbeat.v1', 'device.lifecycle.v1', 'device.state.v1'];

interface Record {
  topic: string;
  key: string;
  value: unknown;
}

/**
 * Reads the public topics the way a downstream team would: a plain KafkaJS client (none of this project's
 * code), checking every record against the JSON Schema published in the repository.
 */
describe('public topics', () => {
  const journey = new DeviceJourney();
  const records: Record[] = [];
  let consumer: Consumer;
  // strictRequired is off: the lifecycle schema requires `device` or `presence` inside oneOf branches.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  for (const topic of TOPICS) {
    ajv.addSchema(
      JSON.parse(readFileSync(join(SCHEMAS, `${topic}.schema.json`), 'utf8')) as object,
      `${topic}.schema.json`,
    );
  }

  beforeAll(async () => {
    const kafka = new Kafka({
      clientId: 'downstream-team',
      brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
      logLevel: logLevel.NOTHING,
    });
    consumer = kafka.consumer({ groupId: `downstream-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: TOPICS, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ topic, message }) => {
        records.push({
          topic,
          key: message.key?.toString() ?? '',
          value: JSON.parse(message.value?.toString() ?? 'null'),
        });
        return Promise.resolve();
      },
    });
  });

  afterAll(async () => {
    await consumer.disconnect();
  });

  it('publishes a device life on the three topics, every record valid against its schema', async () => {
    const ns = newNamespace();
    const deviceId = newDeviceId();
    await journey.registered(ns, deviceId);
    expect((await journey.edge.heartbeat(ns, deviceId, heartbeatBody('1'))).status).toBe(200);
    await journey.management.request('DELETE', `/namespaces/${ns}/devices/${deviceId}`);

    const mine = await waitFor(
      () => {
        const found = records.filter((r) => r.key === deviceId || r.key === `${ns}/${deviceId}`);
        const types = found
          .filter((r) => r.topic === 'device.lifecycle.v1')
          .map((r) => (r.value as { type: string }).type);
        const lastState = found.filter((r) => r.topic === 'device.state.v1').at(-1)?.value as
          { device: { state: string } } | undefined;
        // 'online' comes from the heartbeat worker, independently of the registry's 'decommissioned'.
        const complete =
          types.includes('online') &&
          types.includes('decommissioned') &&
          lastState?.device.state === 'decommissioned' &&
          found.some((r) => r.topic === 'device.heartbeat.v1');
        return complete ? found : undefined;
      },
      { what: 'the device on every public topic' },
    );
    const lifecycle = mine
      .filter((r) => r.topic === 'device.lifecycle.v1')
      .map((r) => (r.value as { type: string }).type);
    expect(lifecycle).toEqual(
      expect.arrayContaining(['enrolled', 'approved', 'registered', 'online', 'decommissioned']),
    );
    const states = mine
      .filter((r) => r.topic === 'device.state.v1')
      .map((r) => (r.value as { device: { state: string } }).device.state);
    expect(states.at(-1)).toBe('decommissioned');
    for (const record of mine) {
      const valid = ajv.validate(`${record.topic}.schema.json`, record.value);
      expect(valid, `${record.topic}: ${ajv.errorsText()}`).toBe(true);
    }
  });

  it('keeps every record of the whole run valid, not only this test device', () => {
    expect(records.length).toBeGreaterThan(0);
    const invalid = records.filter((r) => !ajv.validate(`${r.topic}.schema.json`, r.value));
    expect(invalid.map((r) => `${r.topic} ${r.key}`)).toEqual([]);
  });

  it('rejects a record that breaks the contract', () => {
    expect(ajv.validate('device.heartbeat.v1.schema.json', { eventId: 'x', deviceId: 'd' })).toBe(false);
  });
});
