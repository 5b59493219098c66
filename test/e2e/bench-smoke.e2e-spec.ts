import { TOPICS } from '@lib/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appWorkload, CONFIG_MAPS, FLEET_WORKLOADS, SECRETS, STORM_RULE } from '../../bench/catalogue';
import { deviceId, FLEET_NAMESPACE } from '../../bench/fleet';
import { metric, simulate, topicEnd } from '../../bench/probes';
import type { LoadResult } from '../../bench/simulator/load';
import type { PacedHeartbeatResult, StormResult } from '../../bench/simulator/scenarios';
import { EdgeApiClient } from '../support/edge-api-client';
import { ManagementClient } from '../support/management-client';
import { testConfig } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/**
 * The benchmark's fleet simulator (`npm run bench`), run for a few seconds with a few devices against the test
 * system, so that the suite cannot rot: every scenario's client must work end to end, without errors, and every
 * heartbeat it had accepted must be recorded exactly once.
 */
describe('benchmark simulator smoke run', () => {
  const DEVICES = 5;
  const management = new ManagementClient();
  const edge = new EdgeApiClient();
  const gateway = inject('gatewayUrl');
  const worker = inject('heartbeatWorkerUrl');
  const { db: cfg, kafka } = testConfig();
  const db = { host: cfg.host, port: cfg.port, user: cfg.user, password: cfg.password, database: cfg.name };
  const ns = `/namespaces/${FLEET_NAMESPACE}`;

  const put = async (path: string, body: unknown) => {
    const res = await management.request('PUT', path, body);
    expect([200, 201]).toContain(res.status);
  };
  const counts = async () => ({
    recorded: await metric(worker, 'heartbeats_total', { outcome: 'recorded' }),
    notRecorded:
      (await metric(worker, 'heartbeats_total', { outcome: 'retry' })) +
      (await metric(worker, 'heartbeats_total', { outcome: 'stale' })),
    published: await topicEnd(kafka.brokers, TOPICS.deviceHeartbeat),
  });
  /** Waits until the worker recorded `accepted` more heartbeats than `before`, then checks nothing else came. */
  const expectRecordedOnce = async (before: Awaited<ReturnType<typeof counts>>, accepted: number) => {
    const after = await waitFor(
      async () => {
        const now = await counts();
        return now.recorded - before.recorded >= accepted ? now : undefined;
      },
      { what: `${accepted} heartbeats recorded`, timeoutMs: 30_000 },
    );
    expect(after.recorded - before.recorded).toBe(accepted);
    expect(after.notRecorded - before.notRecorded).toBe(0);
    expect(after.published - before.published).toBe(accepted);
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
    await put('/auto-approval-rules/bench-smoke', STORM_RULE);
  });

  afterAll(async () => {
    await management.request('DELETE', '/auto-approval-rules/bench-smoke');
  });

  it('enrols, approves and registers a storm of devices through the Edge API', async () => {
    const storm = await simulate<StormResult>({
      scenario: 'enrolment-storm',
      url: gateway,
      firstDevice: 0,
      devices: DEVICES,
      concurrency: 8,
      pollMs: 200,
    });
    expect(storm).toMatchObject({ devices: DEVICES, failedRequests: 0 });
    for (let i = 0; i < DEVICES; i++) {
      await waitFor(
        async () => {
          const res = await edge.configuration(FLEET_NAMESPACE, deviceId(i));
          const message = (res.body as { 'device-configuration'?: { workloads?: unknown[] } } | undefined)?.[
            'device-configuration'
          ];
          return res.status === 200 && message?.workloads?.length === 3;
        },
        { what: `${deviceId(i)} served its three workloads` },
      );
    }
  });

  it('reads configurations without an error', async () => {
    const reads = await simulate<LoadResult>({
      scenario: 'config-reads',
      url: gateway,
      devices: DEVICES,
      connections: 4,
      durationS: 2,
    });
    expect(reads.ok).toBeGreaterThan(0);
    expect(reads).toMatchObject({ non2xx: 0, errors: 0, timeouts: 0 });
    expect(reads.bytesPerAnswer).toBeGreaterThan(2000);
  });

  it('records every heartbeat sent at full speed exactly once', async () => {
    const before = await counts();
    const max = await simulate<LoadResult>({
      scenario: 'heartbeats-max',
      url: gateway,
      devices: DEVICES,
      connections: 2,
      durationS: 2,
      db,
    });
    expect(max.ok).toBeGreaterThan(0);
    expect(max).toMatchObject({ non2xx: 0, errors: 0 });
    await expectRecordedOnce(before, max.ok);
  });

  it('sees every heartbeat of a sustained rate in the read model, each recorded once', async () => {
    const before = await counts();
    const paced = await simulate<PacedHeartbeatResult>({
      scenario: 'heartbeats-paced',
      url: gateway,
      devices: DEVICES,
      rate: 20,
      durationS: 3,
      db,
    });
    expect(paced.sent).toBeGreaterThanOrEqual(50);
    expect(paced).toMatchObject({ failed: 0, neverVisible: 0 });
    expect(paced.ok).toBe(paced.sent);
    expect(paced.lagMs.count).toBeGreaterThan(0);
    await expectRecordedOnce(before, paced.ok);
  });
});
