import { TOPICS } from '@lib/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolmentBody, newDeviceId, newNamespace, registrationBody } from '../factories/device.factory';
import { bearer, TEAM_A } from '../support/auth';
import { DeviceJourney } from '../support/device-journey';
import { KafkaProbe } from '../support/kafka-probe';
import { waitFor } from '../support/wait-for';

interface Preauthorization {
  deviceId: string;
  namespace: string;
  labels: Record<string, string>;
  expiresAt: string | null;
  state: 'active' | 'used' | 'expired';
  usedAt: string | null;
  createdBy: string;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Refusal {
  code: string;
  message: string;
  errors?: { line?: number; index?: number; deviceId?: string; code: string; message: string }[];
}
interface AuditEntry {
  action: string;
  outcome: string;
  statusCode: number;
  resource: string | null;
  actor: string;
}

describe('pre-authorised devices', () => {
  const journey = new DeviceJourney();
  const { edge, management } = journey;
  const probe = new KafkaProbe();

  beforeAll(async () => {
    await probe.watch([TOPICS.deviceLifecycle]);
  });
  afterAll(async () => {
    await probe.close();
  });

  const get = (deviceId: string, caller: Parameters<typeof management.as>[0] = 'admin') =>
    management.as(caller).request<Preauthorization & Refusal>('GET', `/preauthorizations/${deviceId}`);
  const put = (deviceId: string, body: unknown, caller: Parameters<typeof management.as>[0] = 'operator') =>
    management.as(caller).request<Preauthorization & Refusal>('PUT', `/preauthorizations/${deviceId}`, body);
  it('approves a pre-authorised device on its first enrolment, into its namespace with its labels, and uses it up', async () => {
    const ns = newNamespace('pre');
    const deviceId = newDeviceId('pre');
    const created = await put(deviceId, { namespace: `${ns}-fleet`, labels: { site: 'lab' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      deviceId,
      namespace: `${ns}-fleet`,
      labels: { site: 'lab' },
      state: 'active',
      usedAt: null,
      createdBy: 'token:operator',
    });
    const replaced = await put(deviceId, { namespace: `${ns}-fleet`, labels: { site: 'lab', rack: '3' } });
    expect(replaced.status).toBe(200);

    expect((await edge.enrol(ns, deviceId, enrolmentBody(ns))).status).toBe(201);
    const status = await waitFor(async () => {
      const r = await edge.registrationStatus('default', deviceId);
      return r.status === 200 ? r : undefined;
    });
    expect(status.body).toEqual({ status: 'registered', namespace: `${ns}-fleet` });
    expect((await edge.register(`${ns}-fleet`, deviceId, registrationBody())).status).toBe(200);
    const device = await journey.waitForState(`${ns}-fleet`, deviceId, 'registered');
    expect(device).toMatchObject({
      labels: { site: 'lab', rack: '3' },
      decidedBy: 'preauthorization:token:operator',
      requestedNamespace: ns,
    });

    // Published like any approval: the lifecycle event carries who decided.
    const lifecycle = await probe.waitForMessages(
      (m) => m.topic === TOPICS.deviceLifecycle && m.key === deviceId,
      3,
    );
    const approved = lifecycle
      .map(
        (m) =>
          JSON.parse(m.value ?? '') as { type: string; device: { decidedBy: string; namespace: string } },
      )
      .find((e) => e.type === 'approved');
    expect(approved?.device).toMatchObject({
      decidedBy: 'preauthorization:token:operator',
      namespace: `${ns}-fleet`,
    });

    // Audited like an operator's or a rule's decision, by the pre-authorisation.
    const decision = await waitFor(async () => {
      const audit = await management.request<{ items: AuditEntry[] }>('GET', `/audit?namespace=${ns}-fleet`);
      return audit.body.items.find((e) => e.action === 'enrolment.approved');
    });
    expect(decision).toMatchObject({
      actor: 'preauthorization:token:operator',
      resource: `devices/${deviceId}`,
    });

    const used = await get(deviceId);
    expect(used.body).toMatchObject({ state: 'used', usedAt: expect.any(String) });

    // Now the device is known: pre-authorising it again is refused.
    const conflict = await put(deviceId, { namespace: `${ns}-fleet` });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ code: 'DEVICE_ALREADY_ENROLLED' });

    // Used up: decommissioned, the device enrols again and waits for an operator.
    expect((await management.request('DELETE', `/namespaces/${ns}-fleet/devices/${deviceId}`)).status).toBe(
      202,
    );
    await journey.waitForState(`${ns}-fleet`, deviceId, 'decommissioned');
    expect((await edge.enrol(ns, deviceId, enrolmentBody(ns))).status).toBe(201);
    expect(await journey.waitForState(ns, deviceId, 'pending')).toMatchObject({ decidedBy: null });
  });

  it('ignores an expired pre-authorisation: the device waits for approval, and it is not used up', async () => {
    const ns = newNamespace('pre');
    const deviceId = newDeviceId('pre-exp');
    const created = await put(deviceId, {
      namespace: ns,
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'expired' });
    await journey.enrolPending(ns, deviceId);
    expect((await get(deviceId)).body).toMatchObject({ state: 'expired', usedAt: null });
  });

  it('approves once when the same device enrols twice at the same time', async () => {
    const ns = newNamespace('pre');
    const deviceId = newDeviceId('pre-twice');
    expect((await put(deviceId, { namespace: ns })).status).toBe(201);
    const answers = await Promise.all([
      edge.enrol(ns, deviceId, enrolmentBody(ns)),
      edge.enrol(ns, deviceId, enrolmentBody(ns)),
    ]);
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    await journey.waitForState(ns, deviceId, 'approved');
    expect((await get(deviceId)).body).toMatchObject({ state: 'used' });
    const lifecycle = await probe.waitForMessages(
      (m) => m.topic === TOPICS.deviceLifecycle && m.key === deviceId,
      2,
    );
    expect(lifecycle.map((m) => (JSON.parse(m.value ?? '') as { type: string }).type)).toEqual([
      'enrolled',
      'approved',
    ]);
  });

  it('refuses a device already enrolled (409), a namespace the caller may not write (403), and hides others', async () => {
    const ns = newNamespace('pre');
    const pending = newDeviceId('pre-known');
    await journey.enrolPending(ns, pending);
    const known = await put(pending, { namespace: ns });
    expect(known.status).toBe(409);
    expect(known.body).toMatchObject({ code: 'DEVICE_ALREADY_ENROLLED' });
    expect((await get(pending)).status).toBe(404);

    const elsewhere = newDeviceId('pre-b');
    const denied = await put(elsewhere, { namespace: ns }, 'operator-a');
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ code: 'FORBIDDEN' });
    expect((await put(elsewhere, { namespace: ns }, 'viewer')).status).toBe(403);
    expect((await get(elsewhere)).status).toBe(404);

    const mine = newDeviceId('pre-a');
    expect((await put(mine, { namespace: TEAM_A }, 'operator-a')).status).toBe(201);
    expect((await put(elsewhere, { namespace: ns })).status).toBe(201);
    // Another namespace's pre-authorisation is not there for operator-a: not shown, not replaced, not deleted.
    expect((await get(elsewhere, 'operator-a')).status).toBe(404);
    expect((await put(elsewhere, { namespace: TEAM_A }, 'operator-a')).status).toBe(403);
    expect(
      (await management.as('operator-a').request('DELETE', `/preauthorizations/${elsewhere}`)).status,
    ).toBe(404);
    const listed = await management
      .as('viewer-a')
      .request<Page<Preauthorization>>('GET', '/preauthorizations?limit=500');
    expect(listed.body.items.every((p) => p.namespace === TEAM_A)).toBe(true);
    expect(listed.body.items.map((p) => p.deviceId)).toContain(mine);

    expect((await management.as('operator-a').request('DELETE', `/preauthorizations/${mine}`)).status).toBe(
      204,
    );
    expect((await get(mine)).status).toBe(404);
  });

  it.each([
    ['an invalid device ID', 'bad..id', { namespace: 'ns' }],
    ['an invalid namespace', 'dev-ok', { namespace: 'Not_DNS' }],
    ['invalid labels', 'dev-ok', { namespace: 'ns', labels: { 'bad key!': 'v' } }],
    ['an invalid expiry', 'dev-ok', { namespace: 'ns', expiresAt: 'tomorrow' }],
    ['an unknown field', 'dev-ok', { namespace: 'ns', surprise: 1 }],
  ])('refuses %s with 400 and stores nothing', async (_, deviceId, body) => {
    const res = await put(deviceId, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await get(deviceId)).status).toBe(deviceId === 'dev-ok' ? 404 : 400);
  });

  it('imports CSV all or nothing: a bad row stores nothing and is named by its line', async () => {
    const ns = newNamespace('pre');
    const [a, b, c] = [newDeviceId('csv'), newDeviceId('csv'), newDeviceId('csv')];
    const bad = [
      'deviceId,namespace,labels',
      `${a},${ns},site=lab;rack=3`,
      `${b},Not_DNS,site=lab`,
      '',
      `${c},${ns},nolabel`,
    ].join('\n');
    const res = await fetchCsv(bad);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors?.map((e) => [e.line, e.deviceId])).toEqual([
      [3, b],
      [5, c],
    ]);
    expect(res.body.message).toContain('line 3');
    for (const id of [a, b, c]) {
      expect((await get(id)).status).toBe(404);
    }

    const good = await fetchCsv(`deviceId,namespace,labels\r\n${a},${ns},site=lab;rack=3\r\n${b},${ns},\r\n`);
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ created: 2, replaced: 0 });
    expect((await get(a)).body).toMatchObject({
      namespace: ns,
      labels: { site: 'lab', rack: '3' },
      state: 'active',
    });
    // Without a header the first line is data.
    const again = await fetchCsv(`${b},${ns},tier=edge\n`);
    expect(again.body).toEqual({ created: 0, replaced: 1 });
    expect((await get(b)).body).toMatchObject({ labels: { tier: 'edge' } });
  });

  it('imports a JSON array, refusing rows in namespaces the caller may not write (403) or duplicated', async () => {
    const ns = newNamespace('pre');
    const [a, b] = [newDeviceId('json'), newDeviceId('json')];
    const forbidden = await management
      .as('operator-a')
      .request<Refusal>('POST', '/preauthorizations/import', [
        { deviceId: a, namespace: TEAM_A },
        { deviceId: b, namespace: ns },
      ]);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.errors).toEqual([
      expect.objectContaining({ index: 1, deviceId: b, code: 'FORBIDDEN' }),
    ]);
    const duplicated = await management.request<Refusal>('POST', '/preauthorizations/import', [
      { deviceId: a, namespace: ns },
      { deviceId: a, namespace: ns },
    ]);
    expect(duplicated.status).toBe(400);
    expect(duplicated.body.errors).toEqual([expect.objectContaining({ index: 1, deviceId: a })]);
    expect((await get(a)).status).toBe(404);

    const imported = await management.request('POST', '/preauthorizations/import', [
      { deviceId: a, namespace: ns, labels: { k: 'v' } },
      { deviceId: b, namespace: ns, expiresAt: '2099-01-01T00:00:00Z' },
    ]);
    expect(imported).toEqual({ status: 200, body: { created: 2, replaced: 0 } });
    expect((await get(b)).body).toMatchObject({ expiresAt: '2099-01-01T00:00:00.000Z', state: 'active' });
  });

  it('lists page by page like every list, and audits every write', async () => {
    const ns = newNamespace('pre');
    const ids = [newDeviceId('page'), newDeviceId('page'), newDeviceId('page')];
    for (const id of ids) {
      expect((await put(id, { namespace: ns }, 'admin')).status).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { status: number; body: Page<Preauthorization> } = await management.request(
        'GET',
        `/preauthorizations?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((p) => p.deviceId));
      cursor = page.body.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(ids));
    expect([...seen].sort()).toEqual(seen);
    expect((await management.request('GET', '/preauthorizations?cursor=bm9wZQ')).status).toBe(400);

    expect((await management.request('DELETE', `/preauthorizations/${ids[0]}`)).status).toBe(204);
    expect(
      (await management.as('operator-a').request('PUT', `/preauthorizations/${ids[1]}`, { namespace: ns }))
        .status,
    ).toBe(403);
    const audit = await management.request<{ items: AuditEntry[] }>('GET', `/audit?namespace=${ns}`);
    expect(audit.body.items.map((e) => [e.actor, e.action, e.outcome, e.statusCode])).toEqual([
      ['token:operator-a', 'PUT preauthorizations', 'denied', 403],
      ['token:admin', 'DELETE preauthorizations', 'succeeded', 204],
      ['token:admin', 'PUT preauthorizations', 'succeeded', 201],
      ['token:admin', 'PUT preauthorizations', 'succeeded', 201],
      ['token:admin', 'PUT preauthorizations', 'succeeded', 201],
    ]);
    expect(audit.body.items[1].resource).toBe(`preauthorizations/${ids[0]}`);
  });

  async function fetchCsv(
    csv: string,
  ): Promise<{ status: number; body: Refusal & { created?: number; replaced?: number } }> {
    const res = await fetch(`${management.url}/preauthorizations/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...bearer('operator') },
      body: csv,
    });
    return { status: res.status, body: (await res.json()) as Refusal };
  }
});
