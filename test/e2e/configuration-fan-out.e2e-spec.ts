import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDeviceId, newNamespace } from '../factories/device.factory';
import { testPool } from '../support/db';
import { DeviceJourney } from '../support/device-journey';
import { waitFor } from '../support/wait-for';

type Message = {
  device_id: string;
  version: string;
  configuration: { heartbeat: { period_seconds: number } };
  workloads: { name: string; specification: string }[];
  secrets?: { name: string; data: string }[];
};

const PASSWORD = 'fan-out-password';
const podSpec = (image: string) => ({
  containers: [
    {
      name: 'app',
      image,
      env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
    },
  ],
});

/** A workload write renders its devices once per cohort; each device must still get its own answer and row. */
describe('configuration fan-out to devices alike', () => {
  const journey = new DeviceJourney();
  const { management, edge } = journey;
  let pool: Pool;

  beforeAll(() => {
    pool = testPool();
  });
  afterAll(async () => {
    await pool.end();
  });

  const put = (path: string, body: unknown) => management.request('PUT', path, body);
  const served = async (ns: string, id: string): Promise<Message> => {
    const res = await edge.configuration(ns, id);
    expect(res.status).toBe(200);
    return (res.body as { 'device-configuration': Message })['device-configuration'];
  };
  // A replica's memory may answer the previous version until the commit's notification reaches it.
  const servedWith = (ns: string, id: string, image: string): Promise<Message> =>
    waitFor(
      async () => {
        const message = await served(ns, id);
        return message.workloads[0]?.specification.includes(image) ? message : undefined;
      },
      { what: `${id} served ${image}` },
    );
  const stored = async (ids: string[]) =>
    (
      await pool.query<{ device_id: string; version: string; sealed: string }>(
        `SELECT device_id, version::text AS version, content #>> '{secrets,0,data}' AS sealed
         FROM device_configuration WHERE device_id = ANY($1) ORDER BY device_id`,
        [ids],
      )
    ).rows;

  it('gives every device its own ID and sealed secrets, moves every version in the write, and only those', async () => {
    const ns = newNamespace('fan');
    const alike = [newDeviceId('fa'), newDeviceId('fb'), newDeviceId('fc')];
    const own = newDeviceId('fo');
    const other = newDeviceId('fx');
    for (const id of [...alike, own]) {
      await journey.registered(ns, id, { labels: { app: 'cam' } });
    }
    await journey.registered(ns, other, { labels: { app: 'other' } });
    expect(
      (await put(`/namespaces/${ns}/devices/${own}/spec`, { heartbeat: { periodSeconds: 7 } })).status,
    ).toBe(201);
    expect((await put(`/namespaces/${ns}/secrets/db`, { stringData: { password: PASSWORD } })).status).toBe(
      201,
    );
    const workload = (image: string) => ({
      deviceSelector: { matchLabels: { app: 'cam' } },
      type: 'pod',
      pod: { spec: podSpec(image) },
    });
    expect((await put(`/namespaces/${ns}/workloads/cam`, workload('quay.io/acme/cam:1'))).status).toBe(201);
    const targeted = [...alike, own];
    const first = await stored([...targeted, other]);

    for (const id of targeted) {
      const message = await servedWith(ns, id, 'quay.io/acme/cam:1');
      expect(message.device_id).toBe(id);
      expect(message.version).toBe(first.find((r) => r.device_id === id)?.version);
      expect(message.workloads.map((w) => w.name)).toEqual(['cam']);
      expect(message.secrets).toEqual([{ name: 'db', data: JSON.stringify({ password: btoa(PASSWORD) }) }]);
      expect(message.configuration.heartbeat.period_seconds).toBe(id === own ? 7 : 60);
    }
    expect((await served(ns, other)).workloads).toEqual([]);
    // Sealed per device: no two rows hold the same ciphertext, and none holds the password.
    const sealed = first.filter((r) => targeted.includes(r.device_id)).map((r) => r.sealed);
    expect(new Set(sealed).size).toBe(targeted.length);
    expect(sealed.join()).not.toContain(btoa(PASSWORD));

    expect((await put(`/namespaces/${ns}/workloads/cam`, workload('quay.io/acme/cam:2'))).status).toBe(200);
    // The write renders before it answers: the store has every targeted device's new version already.
    const second = await stored([...targeted, other]);
    for (const [i, row] of second.entries()) {
      const moved = targeted.includes(row.device_id);
      expect(Number(row.version) - Number(first[i].version)).toBe(moved ? 1 : 0);
    }
    for (const id of targeted) {
      const message = await servedWith(ns, id, 'quay.io/acme/cam:2');
      expect(message.version).toBe(second.find((r) => r.device_id === id)?.version);
    }
  });
});
