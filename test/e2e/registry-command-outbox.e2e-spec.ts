import { TOPICS } from '@lib/contracts';
import { dataSourceOptions } from '@lib/database';
import { ensureTopics } from '@lib/kafka';
import { Client, type Pool } from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDeviceId, newNamespace } from '../factories/device.factory';
import { type RunningApp, startApp } from '../support/apps';
import { testPool } from '../support/db';
import { DeviceJourney } from '../support/device-journey';
import { printFigure } from '../support/figure';
import { KafkaProbe, type SeenMessage } from '../support/kafka-probe';
import { ManagementClient } from '../support/management-client';
import { type PrivateDependency, startPrivateKafka } from '../support/private-dependency';
import { TEST_PORTS, appEnv, testConfig } from '../support/test-env';
import { waitFor } from '../support/wait-for';

type Accepted = { deviceId: string; commandId: string };

const eventIdOf = (m: SeenMessage): string => (JSON.parse(m.value ?? '{}') as { eventId: string }).eventId;
const inOffsetOrder = (messages: SeenMessage[]): SeenMessage[] =>
  [...messages].sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset)));

/**
 * Registry commands (approve, reject, labels, decommission, imports) are written to the config service's outbox
 * in the transaction of their audit entry, answered 202 once that commits, and published by a relay in the order
 * they were accepted.
 */
describe('registry commands through the outbox', () => {
  const journey = new DeviceJourney();
  const management = new ManagementClient();
  const probe = new KafkaProbe();
  let pool: Pool;

  beforeAll(async () => {
    pool = testPool();
    await probe.watch([TOPICS.enrolmentDecided, TOPICS.labelsChangeRequested]);
  });
  afterAll(async () => {
    await probe.close();
    await pool.end();
  });

  it('stores and publishes neither the command nor its entry when the transaction fails after both inserts', async () => {
    const ns = newNamespace('cmd-fail');
    const deviceId = newDeviceId();
    await journey.enrolPending(ns, deviceId);
    const fn = `test_fail_command_${ns.replace(/-/g, '_')}`;
    // Checked at commit, after the command's insert and the audit entry's.
    await pool.query(`
      CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'test: the transaction fails after the command and its entry were inserted';
      END $$`);
    await pool.query(`
      CREATE CONSTRAINT TRIGGER ${fn} AFTER INSERT ON registry_command_outbox DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW WHEN (NEW.message_key = '${deviceId}') EXECUTE FUNCTION ${fn}()`);
    const entries = (outcome: string) =>
      pool.query<{ status_code: number }>(
        'SELECT status_code FROM audit_entry WHERE resource = $1 AND outcome = $2',
        [`enrolments/${deviceId}/approve`, outcome],
      );
    try {
      expect((await management.approve(deviceId, { labels: { try: 'first' } })).status).toBe(500);
      const queued = await pool.query('SELECT 1 FROM registry_command_outbox WHERE message_key = $1', [
        deviceId,
      ]);
      expect(queued.rowCount).toBe(0);
      expect((await entries('succeeded')).rowCount).toBe(0);
      expect((await entries('failed')).rows).toEqual([{ status_code: 500 }]);
    } finally {
      await pool.query(`DROP TRIGGER ${fn} ON registry_command_outbox`);
      await pool.query(`DROP FUNCTION ${fn}()`);
    }

    // The same decision once the fault is gone: its entry, and one command on the topic, the accepted one.
    const approved = await management.approve(deviceId, { labels: { try: 'second' } });
    expect(approved.status).toBe(202);
    const { commandId } = approved.body as Accepted;
    expect((await entries('succeeded')).rows).toEqual([{ status_code: 202 }]);
    await probe.waitForMessages(
      (m) => m.topic === TOPICS.enrolmentDecided && m.key === deviceId,
      1,
      'the accepted decision on its topic',
    );
    const published = probe.messages((m) => m.topic === TOPICS.enrolmentDecided && m.key === deviceId);
    expect(published.map(eventIdOf)).toEqual([commandId]);
    const device = await journey.waitForState(ns, deviceId, 'approved');
    expect(device.labels).toMatchObject({ try: 'second' });
  });

  it('delivers the commands of one device in the order they were accepted', async () => {
    const deviceId = newDeviceId();
    const ns = await journey.approved(newNamespace('cmd-order'), deviceId);
    const accepted: string[] = [];
    for (let step = 1; step <= 6; step++) {
      const res = await management.request('PATCH', `/namespaces/${ns}/devices/${deviceId}`, {
        labels: { step: String(step), [`odd`]: step % 2 ? 'yes' : null },
      });
      expect(res.status).toBe(202);
      accepted.push((res.body as Accepted).commandId);
    }
    const published = await probe.waitForMessages(
      (m) => m.topic === TOPICS.labelsChangeRequested && m.key === deviceId,
      accepted.length,
      'the label changes on their topic',
    );
    expect(inOffsetOrder(published).map(eventIdOf)).toEqual(accepted);
    await waitFor(
      async () => {
        const res = await management.device<{ labels: Record<string, string> }>(ns, deviceId);
        return res.body.labels.step === '6' ? res.body : false;
      },
      { what: 'the last label change applied last' },
    ).then((device) => expect(device.labels.odd).toBeUndefined());
    const rows = await pool.query('SELECT 1 FROM registry_command_outbox WHERE message_key = $1', [deviceId]);
    expect(rows.rowCount).toBe(0);
  });
});

/**
 * A config service on a broker (and a database) of its own: with the broker dead, a command is accepted (202)
 * once it and its entry committed, and the relay delivers it, in order, when the broker is back.
 */
describe('registry commands while the broker is dead', () => {
  const dbName = `${testConfig().db.name}_commands`;
  const db = { ...testConfig().db, name: dbName };
  const brokers = `127.0.0.1:${TEST_PORTS.privateKafka}`;
  const ns = newNamespace('cmd-outage');
  const deviceId = newDeviceId();
  let kafka: PrivateDependency;
  let service: RunningApp;
  let client: Client;
  let management: ManagementClient;

  const admin = async (sql: string): Promise<void> => {
    const postgres = new Client({ host: db.host, port: db.port, user: db.user, database: 'postgres' });
    await postgres.connect();
    try {
      await postgres.query(sql);
    } finally {
      await postgres.end();
    }
  };

  beforeAll(async () => {
    kafka = await startPrivateKafka('command-outbox-broker', TEST_PORTS.privateKafka);
    await ensureTopics({ ...testConfig().kafka, brokers: [brokers] });
    await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin(`CREATE DATABASE "${dbName}"`);
    const setup = new DataSource(dataSourceOptions(db, 'test-setup'));
    await setup.initialize();
    await setup.runMigrations({ transaction: 'each' });
    await setup.destroy();
    client = new Client({ host: db.host, port: db.port, user: db.user, database: dbName });
    await client.connect();
    // The read model's copy of a registered device: this service's only device.
    await client.query(
      `INSERT INTO device_view (device_id, namespace, requested_namespace, state, revision, enrolled_at)
       VALUES ($1, $2, $2, 'registered', 2, now())`,
      [deviceId, ns],
    );
    service = await startApp(
      'config-service',
      TEST_PORTS.commandOutboxConfigService,
      {
        ...appEnv(),
        DB_NAME: dbName,
        KAFKA_BROKERS: brokers,
        KAFKA_GROUP_ID: `config-service-command-outbox-${ns}`,
        KAFKA_CLIENT_ID: 'config-service-command-outbox',
        CONFIG_SERVICE_TCP_PORT: String(TEST_PORTS.commandOutboxConfigServiceTcp),
      },
      { logName: 'config-service-command-outbox' },
    );
    management = new ManagementClient('admin', `${service.url}/api/v1`);
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await kafka?.stop();
    await client?.end();
    await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  });

  it('accepts commands while the broker is dead and delivers them in order once it is back', async () => {
    await kafka.kill();
    const accepted: { topic: string; commandId: string }[] = [];
    const started = Date.now();
    for (const step of ['1', '2', '3']) {
      const res = await management.request('PATCH', `/namespaces/${ns}/devices/${deviceId}`, {
        labels: { step },
      });
      expect(res.status).toBe(202);
      accepted.push({ topic: TOPICS.labelsChangeRequested, commandId: (res.body as Accepted).commandId });
    }
    const decommissioned = await management.request('DELETE', `/namespaces/${ns}/devices/${deviceId}`);
    expect(decommissioned.status).toBe(202);
    accepted.push({
      topic: TOPICS.decommissionRequested,
      commandId: (decommissioned.body as Accepted).commandId,
    });
    printFigure(`broker dead: 4 commands accepted in ${Date.now() - started} ms`);

    // Held in the outbox, in acceptance order, each with its audit entry.
    const queued = await client.query<{ topic: string; event_id: string }>(
      'SELECT topic, event_id FROM registry_command_outbox ORDER BY id',
    );
    expect(queued.rows.map((r) => ({ topic: r.topic, commandId: r.event_id }))).toEqual(accepted);
    const audited = await client.query<{ status_code: number }>(
      "SELECT status_code FROM audit_entry WHERE resource = $1 AND outcome = 'succeeded'",
      [`devices/${deviceId}`],
    );
    expect(audited.rows).toEqual(accepted.map(() => ({ status_code: 202 })));

    await kafka.start();
    const restarted = Date.now();
    const probe = new KafkaProbe([brokers]);
    try {
      await probe.watch([TOPICS.labelsChangeRequested, TOPICS.decommissionRequested]);
      const delivered = await probe.waitForMessages(
        (m) => m.key === deviceId,
        accepted.length,
        'the commands',
      );
      printFigure(`broker back: 4 commands delivered within ${Date.now() - restarted} ms`);
      const labels = inOffsetOrder(delivered.filter((m) => m.topic === TOPICS.labelsChangeRequested));
      expect(labels.map(eventIdOf)).toEqual(accepted.slice(0, 3).map((a) => a.commandId));
      expect(delivered.filter((m) => m.topic === TOPICS.decommissionRequested).map(eventIdOf)).toEqual([
        accepted[3].commandId,
      ]);
    } finally {
      await probe.close();
    }
    await waitFor(async () => (await client.query('SELECT 1 FROM registry_command_outbox')).rowCount === 0, {
      what: 'the outbox drained',
    });
  });
});
