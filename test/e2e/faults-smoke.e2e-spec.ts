import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appWorkload, CONFIG_MAPS, FLEET_WORKLOADS, SECRETS, STORM_RULE } from '../../bench/catalogue';
import { deviceId, FLEET_NAMESPACE } from '../../bench/fleet';
import { simulate } from '../../bench/probes';
import type { StormResult } from '../../bench/simulator/scenarios';
import { account, type Accounting } from '../../faults/accounting';
import { type Call, enrolRule, FleetLoad, is2xx, type Kind, WRITE_KINDS } from '../../faults/load';
import { faultsOptions } from '../../faults/options';
import { evaluate } from '../../faults/report';
import { tokenOf } from '../support/auth';
import { EdgeApiClient } from '../support/edge-api-client';
import { ManagementClient } from '../support/management-client';
import { testConfig } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/**
 * The fault harness's load and accounting (`npm run faults`), run for a few seconds against the test system
 * with three devices, so that they cannot rot: every kind of call the load makes must be answered 2xx, and the
 * accounting must find every acknowledged heartbeat and write where it belongs, and miss what never happened.
 */
describe('fault harness smoke run', () => {
  const DEVICES = 3;
  const runId = randomUUID().slice(0, 8);
  const management = new ManagementClient();
  const edge = new EdgeApiClient();
  const { db: cfg, kafka } = testConfig();
  const db = new Pool({
    host: cfg.host,
    port: cfg.port,
    user: cfg.user,
    password: cfg.password,
    database: cfg.name,
  });
  const ns = `/namespaces/${FLEET_NAMESPACE}`;
  const patterns = ['bench-%', `fe-${runId}-%`, `fa-${runId}-%`];
  let calls: Call[] = [];
  let accounting: Accounting | undefined;

  const put = async (path: string, body: unknown) => {
    const res = await management.request('PUT', path, body);
    expect([200, 201]).toContain(res.status);
  };

  beforeAll(async () => {
    for (const [name, body] of Object.entries(SECRETS)) {
      await put(`${ns}/secrets/${name}`, body);
    }
    for (const [name, body] of Object.entries(CONFIG_MAPS)) {
      await put(`${ns}/configmaps/${name}`, body);
    }
    for (const [name, body] of Object.entries(FLEET_WORKLOADS)) {
      await put(`${ns}/workloads/${name}`, body);
    }
    await put(`${ns}/workloads/app-c0`, appWorkload('c0'));
    await put('/auto-approval-rules/faults-smoke-storm', STORM_RULE);
    await put('/auto-approval-rules/faults-smoke-enrol', enrolRule(runId));
    const storm = await simulate<StormResult>({
      scenario: 'enrolment-storm',
      url: inject('gatewayUrl'),
      firstDevice: 0,
      devices: DEVICES,
      concurrency: 4,
      pollMs: 200,
    });
    expect(storm).toMatchObject({ registered: DEVICES, failedRequests: 0 });
    for (let i = 0; i < DEVICES; i++) {
      await waitFor(async () => (await edge.configuration(FLEET_NAMESPACE, deviceId(i))).status === 200, {
        what: `${deviceId(i)} served`,
      });
    }
  }, 180_000);

  afterAll(async () => {
    await management.request('DELETE', '/auto-approval-rules/faults-smoke-storm');
    await management.request('DELETE', '/auto-approval-rules/faults-smoke-enrol');
    await db.end();
  });

  it(
    'drives every kind of call, each answered 2xx, and the accounting finds each acknowledged one',
    { timeout: 300_000 },
    async () => {
      const gateway = { name: 'gateway', url: inject('gatewayUrl') };
      const config = { name: 'config-service', url: inject('configServiceUrl') };
      const load = new FleetLoad(
        {
          runId,
          devices: DEVICES,
          heartbeatRate: 20,
          readRate: 10,
          enrolPerMinute: 120,
          writesPerMinute: 180,
          // Generous: the smoke run checks that calls work, not how fast (npm run faults measures that).
          edgeTimeoutMs: 10_000,
          managementTimeoutMs: 10_000,
          token: tokenOf('admin'),
        },
        { gateway: () => gateway, management: () => config },
      );
      const kinds: Kind[] = ['heartbeat', 'read', 'enrol', 'registration-get', 'register', ...WRITE_KINDS];
      const startedAt = Date.now();
      load.start();
      await waitFor(() => kinds.every((k) => load.calls.some((c) => c.kind === k && is2xx(c.status))), {
        what: 'a 2xx answer to every kind of call',
        timeoutMs: 150_000,
        intervalMs: 250,
      }).finally(() => load.stop());
      calls = load.calls;

      const failed = calls.filter(
        (c) => !is2xx(c.status) && !(c.status === 404 && ['approve', 'registration-get'].includes(c.kind)),
      );
      expect(failed).toEqual([]);
      const brokers = kafka.brokers;
      accounting = await waitFor(
        async () => {
          const a = await account(db, brokers, runId, calls, DEVICES, patterns);
          return a.ok ? a : undefined;
        },
        { what: 'every acknowledged call where it belongs', timeoutMs: 120_000, intervalMs: 1000 },
      );
      expect(accounting.heartbeats).toMatchObject({ lost: 0, doubledInDb: 0, missingOnTopic: 0 });
      expect(accounting.heartbeats.answered2xx).toBe(calls.filter((c) => c.kind === 'heartbeat').length);
      expect(accounting.labels.audited).toBe(accounting.labels.answered2xx);
      expect(accounting.workloads.devicesRendered).toBe(DEVICES);

      // The report's figures of that window: nothing but 2xx (and the expected 404s), every target met.
      const result = evaluate(
        faultsOptions([]),
        {
          fault: 'kill-one',
          name: 'smoke',
          what: 'none',
          startedAt,
          returnedAt: startedAt,
          settledAt: Date.now(),
          steps: [],
        },
        calls,
        [],
        [],
        [],
        [],
        [0, 0, 0],
      );
      expect(result.answers.heartbeat['2xx']).toBeGreaterThan(0);
      expect(result.targets.length).toBeGreaterThan(5);
      expect(result.targets.filter((t) => !t.met)).toEqual([]);
    },
  );

  it('counts as lost a heartbeat or a write acknowledged that never reached the system', async () => {
    const at = Date.now();
    const phantom = (kind: Kind, ref: string, detail?: string): Call => ({
      kind,
      at,
      ms: 1,
      status: 200,
      retryAfter: false,
      target: 'gateway',
      ref,
      detail,
    });
    const a = await account(
      db,
      kafka.brokers,
      runId,
      [
        ...calls,
        phantom('heartbeat', `hb-${runId}-999999`, deviceId(0)),
        phantom('label', `fw-${runId}-999998`, deviceId(1)),
        phantom('enrol', `fe-${runId}-999997`),
      ],
      DEVICES,
      patterns,
    );
    expect(a.ok).toBe(false);
    expect(a.heartbeats).toMatchObject({ lost: 1, missingOnTopic: 1 });
    expect(a.labels.missing).toEqual([`${deviceId(1)}:faults-999998`]);
    expect(a.enrolments.missing).toEqual([`fe-${runId}-999997`]);
  });
});
