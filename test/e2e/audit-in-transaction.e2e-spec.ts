import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newNamespace } from '../factories/device.factory';
import { testPool } from '../support/db';
import { ManagementClient } from '../support/management-client';

const WORKLOAD = {
  deviceSelector: { matchLabels: { app: 'audited' } },
  type: 'pod',
  pod: { spec: { containers: [{ name: 'c', image: 'quay.io/acme/c:1' }] } },
};

/**
 * A management write and its audit entry commit in one transaction: the same transaction id on both rows, and a
 * transaction that fails after the entry was inserted stores neither.
 */
describe('audit entries commit with their writes', () => {
  const management = new ManagementClient();
  let pool: Pool;

  beforeAll(() => {
    pool = testPool();
  });
  afterAll(async () => {
    await pool.end();
  });

  it('writes a catalogue resource, a rule and a token in the transaction of their entry', async () => {
    const ns = newNamespace('atx');
    const rule = `atx-${ns}`;
    const token = `atx-${ns}`;
    const table = `test_txids_${ns.replace(/-/g, '_')}`;
    // Each insert of the test's rows notes its transaction id (xmin would not do: the relay's published mark
    // rewrites the entry's row).
    const watched: [label: string, on: string, when: string][] = [
      ['workload', 'workload', `NEW.namespace = '${ns}'`],
      ['rule', 'auto_approval_rule', `NEW.name = '${rule}'`],
      ['token', 'api_token', `NEW.name = '${token}'`],
      ['audit:workload', 'audit_entry', `NEW.namespace = '${ns}' AND NEW.resource = 'workloads/web'`],
      ['audit:rule', 'audit_entry', `NEW.resource = 'auto-approval-rules/${rule}'`],
      ['audit:token', 'audit_entry', `NEW.resource = 'tokens/${token}'`],
    ];
    await pool.query(`CREATE TABLE ${table} (label text, txid bigint)`);
    await pool.query(`
      CREATE FUNCTION ${table}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ${table} VALUES (TG_ARGV[0], txid_current());
        RETURN NULL;
      END $$`);
    for (const [label, on, when] of watched) {
      await pool.query(
        `CREATE TRIGGER "${table}_${label}" AFTER INSERT ON ${on} FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION ${table}('${label}')`,
      );
    }
    try {
      expect((await management.request('PUT', `/namespaces/${ns}/workloads/web`, WORKLOAD)).status).toBe(201);
      expect(
        (
          await management.request('PUT', `/auto-approval-rules/${rule}`, {
            deviceIdPattern: 'atx-*',
            targetNamespace: ns,
          })
        ).status,
      ).toBe(201);
      expect(
        (await management.request('PUT', `/tokens/${token}`, { roles: ['viewer'], namespaces: [ns] })).status,
      ).toBe(201);

      const { rows } = await pool.query<{ label: string; txid: string }>(
        `SELECT label, txid::text FROM ${table}`,
      );
      const txid = new Map(rows.map((r) => [r.label, r.txid]));
      expect(rows).toHaveLength(6);
      for (const written of ['workload', 'rule', 'token']) {
        expect(txid.get(`audit:${written}`), written).toBe(txid.get(written));
      }
      expect(new Set(txid.values()).size).toBe(3);
      const { rows: entries } = await pool.query<{ resource: string; outcome: string; status_code: number }>(
        `SELECT resource, outcome, status_code FROM audit_entry
         WHERE resource IN ('workloads/web', $2, $3) AND (namespace = $1 OR resource <> 'workloads/web')
         ORDER BY id`,
        [ns, `auto-approval-rules/${rule}`, `tokens/${token}`],
      );
      expect(entries).toEqual([
        { resource: 'workloads/web', outcome: 'succeeded', status_code: 201 },
        { resource: `auto-approval-rules/${rule}`, outcome: 'succeeded', status_code: 201 },
        { resource: `tokens/${token}`, outcome: 'succeeded', status_code: 201 },
      ]);
    } finally {
      for (const [label, on] of watched) {
        await pool.query(`DROP TRIGGER "${table}_${label}" ON ${on}`);
      }
      await pool.query(`DROP FUNCTION ${table}()`);
      await pool.query(`DROP TABLE ${table}`);
    }
  });

  it('stores neither the write nor a succeeded entry when the transaction fails after the entry was inserted', async () => {
    const ns = newNamespace('atx-fail');
    const fn = `test_fail_audit_${ns.replace(/-/g, '_')}`;
    // Checked at commit, after every statement of the write's transaction, the entry's insert included.
    await pool.query(`
      CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'test: the transaction fails after the audit insert';
      END $$`);
    await pool.query(`
      CREATE CONSTRAINT TRIGGER ${fn} AFTER INSERT ON audit_entry DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW WHEN (NEW.namespace = '${ns}') EXECUTE FUNCTION ${fn}()`);
    try {
      const failed = await management.request('PUT', `/namespaces/${ns}/workloads/web`, WORKLOAD);
      expect(failed.status).toBe(500);
      const stored = await pool.query('SELECT 1 FROM workload WHERE namespace = $1', [ns]);
      expect(stored.rowCount).toBe(0);
      const audited = await pool.query(
        "SELECT 1 FROM audit_entry WHERE namespace = $1 AND outcome = 'succeeded'",
        [ns],
      );
      expect(audited.rowCount).toBe(0);
    } finally {
      await pool.query(`DROP TRIGGER ${fn} ON audit_entry`);
      await pool.query(`DROP FUNCTION ${fn}()`);
    }

    // The same write once the fault is gone: both are there.
    expect((await management.request('PUT', `/namespaces/${ns}/workloads/web`, WORKLOAD)).status).toBe(201);
    expect((await pool.query('SELECT 1 FROM workload WHERE namespace = $1', [ns])).rowCount).toBe(1);
    expect(
      (await pool.query("SELECT 1 FROM audit_entry WHERE namespace = $1 AND outcome = 'succeeded'", [ns]))
        .rowCount,
    ).toBe(1);
  });
});
