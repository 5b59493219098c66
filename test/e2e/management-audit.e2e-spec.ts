import { HEADERS, TOPICS } from '@lib/contracts';
import addFormats from 'ajv-formats';
import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolmentBody, newDeviceId, newNamespace } from '../factories/device.factory';
import { TEAM_A } from '../support/auth';
import { testPool } from '../support/db';
import { DeviceJourney } from '../support/device-journey';
import { KafkaProbe } from '../support/kafka-probe';
import { waitFor } from '../support/wait-for';

interface Entry {
  id: string;
  eventId?: string;
  recordedAt: string;
  actor: string;
  action: string;
  method: string | null;
  path: string | null;
  namespace: string | null;
  resource: string | null;
  outcome: string;
  statusCode: number | null;
  digest: string | null;
  correlationId: string | null;
}

const SECRET_VALUE = 'audit-must-never-hold-this-value';
const WORKLOAD = {
  deviceSelector: { matchLabels: { app: 'audited' } },
  type: 'pod',
  pod: { spec: { containers: [{ name: 'c', image: 'quay.io/acme/c:1' }] } },
};

describe('audit trail', () => {
  const journey = new DeviceJourney();
  const { management } = journey;
  const probe = new KafkaProbe();
  let pool: Pool;

  beforeAll(async () => {
    pool = testPool();
    await probe.watch([TOPICS.managementAudit]);
  });
  afterAll(async () => {
    await probe.close();
    await pool.end();
  });

  const entries = async (query: string, caller: Parameters<typeof management.as>[0] = 'admin') => {
    const res = await management
      .as(caller)
      .request<{ items: Entry[]; nextBefore: string | null }>('GET', `/audit?${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('records each write with who, what, where, the outcome and a digest, before answering', async () => {
    const ns = newNamespace('audit');
    const correlationId = `audit-${ns}`;
    const created = await management.request('PUT', `/namespaces/${ns}/workloads/web`, WORKLOAD, {
      [HEADERS.correlationId]: correlationId,
    });
    expect(created.status).toBe(201);
    const invalid = await management.request('PUT', `/namespaces/${ns}/workloads/web`, { type: 'pod' });
    expect(invalid.status).toBe(400);
    const deleted = await management.request('DELETE', `/namespaces/${ns}/workloads/web`);
    expect(deleted.status).toBe(204);
    await management.request('GET', `/namespaces/${ns}/workloads`);

    // No wait: the entries are committed before the answers went out.
    const { items } = await entries(`namespace=${ns}`);
    expect(items.map((e) => [e.action, e.outcome, e.statusCode])).toEqual([
      ['DELETE workloads', 'succeeded', 204],
      ['PUT workloads', 'failed', 400],
      ['PUT workloads', 'succeeded', 201],
    ]);
    expect(items[2]).toMatchObject({
      actor: 'token:admin',
      method: 'PUT',
      path: `/api/v1/namespaces/${ns}/workloads/web`,
      namespace: ns,
      resource: 'workloads/web',
      correlationId,
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // Different changes, different digests.
    expect(items[1].digest).not.toBe(items[2].digest);
  });

  it('records refusals as denied, and keeps secret values out of the trail', async () => {
    const ns = newNamespace('audit');
    expect(
      (await management.as('operator-a').request('PUT', `/namespaces/${ns}/configmaps/cfg`, { data: {} }))
        .status,
    ).toBe(403);
    expect(
      (
        await management.request('PUT', `/namespaces/${ns}/secrets/db`, {
          stringData: { password: SECRET_VALUE },
        })
      ).status,
    ).toBe(201);

    const { items } = await entries(`namespace=${ns}`);
    expect(items.map((e) => [e.actor, e.action, e.outcome, e.statusCode])).toEqual([
      ['token:admin', 'PUT secrets', 'succeeded', 201],
      ['token:operator-a', 'PUT configmaps', 'denied', 403],
    ]);
    const { rows } = await pool.query<{ row: string }>(
      'SELECT a::text AS row FROM audit_entry a WHERE namespace = $1',
      [ns],
    );
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.row).join()).not.toContain(SECRET_VALUE);
  });

  it('records enrolment decisions by operators and by auto-approval rules, once each', async () => {
    const ns = newNamespace('audit');
    const byOperator = newDeviceId('audit-op');
    await journey.approved(ns, byOperator);
    const rule = `audit-${ns}`;
    expect(
      (
        await management.request('PUT', `/auto-approval-rules/${rule}`, {
          deviceIdPattern: 'audit-auto-*',
          namespacePattern: ns,
        })
      ).status,
    ).toBe(201);
    const byRule = newDeviceId('audit-auto');
    await journey.edge.enrol(ns, byRule, enrolmentBody(ns));
    await journey.waitForState(ns, byRule, 'approved');
    await management.request('DELETE', `/auto-approval-rules/${rule}`);

    const decisions = await waitFor(
      async () => {
        const { items } = await entries(`namespace=${ns}&action=enrolment.approved`);
        return items.length === 2 ? items : undefined;
      },
      { what: 'two enrolment decisions in the audit trail' },
    );
    expect(decisions.map((e) => [e.actor, e.resource, e.outcome]).sort()).toEqual([
      [`rule:${rule}`, `devices/${byRule}`, 'succeeded'],
      ['token:admin', `devices/${byOperator}`, 'succeeded'],
    ]);
    const approvals = await entries(`namespace=${ns}&action=POST enrolments/approve`);
    expect(approvals.items.map((e) => [e.actor, e.resource, e.statusCode])).toEqual([
      ['token:admin', `enrolments/${byOperator}/approve`, 202],
    ]);
    const ruleWrites = await entries(`actor=token:admin&resource=auto-approval-rules/${rule}`);
    expect(ruleWrites.items.map((e) => [e.action, e.statusCode, e.namespace])).toEqual([
      ['DELETE auto-approval-rules', 204, null],
      ['PUT auto-approval-rules', 201, null],
    ]);
  });

  it('publishes every entry on the audit topic, valid against its schema', async () => {
    const ns = newNamespace('audit');
    await management.request('PUT', `/namespaces/${ns}/configmaps/cfg`, { data: { A: '1' } });
    const [entry] = (await entries(`namespace=${ns}`)).items;

    const [record] = await probe.waitForMessages(
      (m) => (JSON.parse(m.value ?? '{}') as { eventId?: string }).eventId === entry.eventId,
      1,
      `audit entry ${entry.id} on ${TOPICS.managementAudit}`,
    );
    expect(record.key).toBe(ns);
    const event = JSON.parse(record.value!) as { eventId: string; entry: Entry };
    const { eventId, ...rest } = entry;
    expect(event.eventId).toBe(eventId);
    expect(event.entry).toEqual(rest);
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    const schema = JSON.parse(
      readFileSync(
        join(__dirname, '..', '..', 'libs', 'contracts', 'schemas', `${TOPICS.managementAudit}.schema.json`),
        'utf8',
      ),
    ) as object;
    expect(ajv.validate(schema, event), JSON.stringify(ajv.errors)).toBe(true);
  });

  it('filters, pages and scopes the trail to the namespaces an admin administers', async () => {
    const nsB = newNamespace('audit');
    await management.request('PUT', `/namespaces/${TEAM_A}/configmaps/audit-a`, { data: {} });
    for (const name of ['one', 'two', 'three']) {
      await management.request('PUT', `/namespaces/${nsB}/configmaps/${name}`, { data: {} });
    }

    const first = await entries(`namespace=${nsB}&limit=2`);
    expect(first.items.map((e) => e.resource)).toEqual(['configmaps/three', 'configmaps/two']);
    const second = await entries(`namespace=${nsB}&limit=2&before=${first.nextBefore}`);
    expect(second.items.map((e) => e.resource)).toEqual(['configmaps/one']);
    expect(second.nextBefore).toBeNull();
    expect((await entries(`namespace=${nsB}&resource=configmaps/tw`)).items).toHaveLength(1);
    expect((await entries(`namespace=${nsB}&outcome=denied`)).items).toHaveLength(0);

    const scoped = await entries('limit=500', 'admin-a');
    expect(scoped.items.length).toBeGreaterThan(0);
    expect(new Set(scoped.items.map((e) => e.namespace))).toEqual(new Set([TEAM_A]));
    expect((await entries(`namespace=${nsB}`, 'admin-a')).items).toEqual([]);
    expect((await management.as('operator').request('GET', '/audit')).status).toBe(403);
  });

  it('records refused writes with forged parameters without failing on them', async () => {
    const forged = [`bad%00ns`, 'x'.repeat(300), 'UPPER'];
    for (const ns of forged) {
      const denied = await management
        .as('operator-a')
        .request('PUT', `/namespaces/${ns}/configmaps/c`, { data: {} });
      expect(denied.status).toBe(403);
      const invalid = await management.request('PUT', `/namespaces/${ns}/configmaps/c%00`, { data: {} });
      expect(invalid.status).toBe(400);
    }

    const { items } = await entries('actor=token:operator-a&outcome=denied&limit=500');
    const forgedEntries = items.filter((e) => e.path?.includes('/configmaps/c') && e.namespace === null);
    expect(forgedEntries.length).toBeGreaterThanOrEqual(forged.length);
    const failed = await entries('actor=token:admin&outcome=failed&limit=500');
    expect(failed.items.filter((e) => e.resource?.startsWith('configmaps/c\uFFFD'))).toHaveLength(
      forged.length,
    );
  });

  it('is append-only in the database', async () => {
    await expect(pool.query("UPDATE audit_entry SET actor = 'someone-else'")).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM audit_entry')).rejects.toThrow(/append-only/);
  });
});
