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

  /** The transaction id that wrote the entry of `action` on `resource`, with its outcome and status. */
  const entryOf = async (resource: string, action: string) => {
    const { rows } = await pool.query<{ xmin: string; outcome: string; status_code: number }>(
      `SELECT xmin::text, outcome, status_code FROM audit_entry WHERE resource = $1 AND action = $2`,
      [resource, action],
    );
    return rows;
  };
  const xminOf = async (sql: string, params: unknown[]): Promise<string> => {
    const { rows } = await pool.query<{ xmin: string }>(sql, params);
    expect(rows).toHaveLength(1);
    return rows[0].xmin;
  };

  it('writes a catalogue resource, a rule and a token in the transaction of their entry', async () => {
    const ns = newNamespace('atx');
    const put = await management.request('PUT', `/namespaces/${ns}/workloads/web`, WORKLOAD);
    expect(put.status).toBe(201);
    const [workloadEntry] = (
      await pool.query<{ xmin: string; outcome: string; status_code: number }>(
        `SELECT xmin::text, outcome, status_code FROM audit_entry WHERE namespace = $1 AND action = 'PUT workloads'`,
        [ns],
      )
    ).rows;
    expect(workloadEntry).toMatchObject({ outcome: 'succeeded', status_code: 201 });
    expect(
      await xminOf('SELECT xmin::text FROM workload WHERE namespace = $1 AND name = $2', [ns, 'web']),
    ).toBe(workloadEntry.xmin);

    const rule = `atx-${ns}`;
    expect(
      (
        await management.request('PUT', `/auto-approval-rules/${rule}`, {
          deviceIdPattern: 'atx-*',
          targetNamespace: ns,
        })
      ).status,
    ).toBe(201);
    const [ruleEntry] = await entryOf(`auto-approval-rules/${rule}`, 'PUT auto-approval-rules');
    expect(ruleEntry).toMatchObject({ outcome: 'succeeded', status_code: 201 });
    expect(await xminOf('SELECT xmin::text FROM auto_approval_rule WHERE name = $1', [rule])).toBe(
      ruleEntry.xmin,
    );

    const token = `atx-${ns}`;
    expect(
      (await management.request('PUT', `/tokens/${token}`, { roles: ['viewer'], namespaces: [ns] })).status,
    ).toBe(201);
    const [tokenEntry] = await entryOf(`tokens/${token}`, 'PUT tokens');
    expect(tokenEntry).toMatchObject({ outcome: 'succeeded', status_code: 201 });
    expect(await xminOf('SELECT xmin::text FROM api_token WHERE name = $1', [token])).toBe(tokenEntry.xmin);
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
