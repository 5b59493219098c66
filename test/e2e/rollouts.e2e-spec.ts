import { TOPICS } from '@lib/contracts';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { heartbeatBody, newDeviceId, newNamespace } from '../factories/device.factory';
import { tokenOf } from '../support/auth';
import { DeviceJourney } from '../support/device-journey';
import { KafkaProbe } from '../support/kafka-probe';
import { waitFor } from '../support/wait-for';
import { edgectl, tempConfig } from './cli-runner';

interface Served {
  version: string;
  workloads: { name: string; specification: string }[];
}
interface Batch {
  devices: number;
  updated: number;
  succeeded: number;
  failed: number;
  pending: number;
}
interface Rollout {
  id: string;
  state: string;
  change: { kind: string; name: string; action: string };
  currentBatch: number;
  reason: { failed?: { deviceId: string; reason: string }[] } | null;
  batches: Batch[];
}

const workload = (image: string) => ({
  deviceSelector: { matchLabels: { app: 'cam' } },
  type: 'pod',
  pod: { spec: { containers: [{ name: 'app', image }] } },
});

/** Staged rollouts with devices simulated through the Edge API: batches gated on their heartbeats. */
describe('staged rollouts', () => {
  const journey = new DeviceJourney();
  const { management, edge } = journey;
  const probe = new KafkaProbe();

  beforeAll(() => probe.watch([TOPICS.rolloutStateChanged]));
  afterAll(() => probe.close());

  const put = (path: string, body: unknown) => management.request('PUT', path, body);
  const served = async (ns: string, id: string): Promise<Served> => {
    const res = await edge.configuration(ns, id);
    expect(res.status).toBe(200);
    return (res.body as { 'device-configuration': Served })['device-configuration'];
  };
  const image = async (ns: string, id: string) => (await served(ns, id)).workloads[0]?.specification ?? '';
  const servedWith = (ns: string, id: string, img: string) =>
    waitFor(async () => ((await image(ns, id)).includes(img) ? served(ns, id) : undefined), {
      what: `${id} served ${img}`,
    });
  /** The device applied what it is served and reports its workload in `status`. */
  const heartbeat = async (ns: string, id: string, status = 'Running') => {
    const { version } = await served(ns, id);
    const res = await edge.heartbeat(
      ns,
      id,
      heartbeatBody(version, {
        workloads: [{ last_data_upload: '0001-01-01T00:00:00.000Z', name: 'cam', status }],
      }),
    );
    expect(res.status).toBe(200);
  };
  const rollouts = async (ns: string) =>
    (await management.request<{ items: Rollout[] }>('GET', `/namespaces/${ns}/rollouts`)).body.items;
  const rolloutIn = (ns: string, id: string, state: string, what = state) =>
    waitFor(
      async () => {
        const res = await management.request<Rollout>('GET', `/namespaces/${ns}/rollouts/${id}`);
        return res.body.state === state ? res.body : undefined;
      },
      { what: `rollout ${what}` },
    );
  const act = (ns: string, id: string, action: string) =>
    management.request<Rollout>('POST', `/namespaces/${ns}/rollouts/${id}/${action}`);

  it('serves batch by batch, pauses on a failing workload, resumes, and aborts to the previous content', async () => {
    const ns = newNamespace('ro');
    const ids = Array.from({ length: 6 }, (_, i) => `${newDeviceId(`r${i}`)}`).sort();
    for (const id of ids) {
      await journey.registered(ns, id, { labels: { app: 'cam' } });
    }
    // No policy: every device is served the change at once, as without rollouts.
    expect((await put(`/namespaces/${ns}/workloads/cam`, workload('acme/cam:1'))).status).toBe(201);
    const v1 = await Promise.all(ids.map((id) => servedWith(ns, id, 'acme/cam:1')));
    expect(await rollouts(ns)).toEqual([]);

    const policy = {
      batches: [{ limit: 2 }, { limit: '33%' }],
      successThreshold: '100%',
      deviceTimeoutSeconds: 600,
    };
    const stored = await put(`/namespaces/${ns}/rollout-policy`, policy);
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({
      ...policy,
      batches: [{ limit: 2, approval: 'auto' }, { limit: '33%' }],
    });

    expect((await put(`/namespaces/${ns}/workloads/cam`, workload('acme/cam:2'))).status).toBe(200);
    const [started] = await rollouts(ns);
    expect(started).toMatchObject({
      state: 'progressing',
      change: { kind: 'workloads', name: 'cam', action: 'put' },
      currentBatch: 0,
    });
    expect(started.batches.map((b) => [b.devices, b.updated, b.pending])).toEqual([
      [2, 2, 2],
      [2, 0, 2],
      [2, 0, 2],
    ]);
    // Only the first batch (the first two devices by ID) is served the new version; the others keep theirs.
    for (const id of ids.slice(0, 2)) {
      await servedWith(ns, id, 'acme/cam:2');
    }
    for (const [i, id] of ids.slice(2).entries()) {
      expect(await served(ns, id)).toMatchObject({ version: v1[i + 2].version });
    }

    // The first batch's heartbeats report the new version running: the second batch starts.
    for (const id of ids.slice(0, 2)) {
      await heartbeat(ns, id);
    }
    await Promise.all(ids.slice(2, 4).map((id) => servedWith(ns, id, 'acme/cam:2')));
    expect((await image(ns, ids[4])).includes('acme/cam:1')).toBe(true);

    // One device of the second batch reports its workload failing: the rollout pauses and names it.
    await heartbeat(ns, ids[2]);
    await waitFor(
      async () =>
        (await management.request<Rollout>('GET', `/namespaces/${ns}/rollouts/${started.id}`)).body.batches[1]
          .succeeded === 1,
      { what: 'the second batch has one success' },
    );
    await heartbeat(ns, ids[3], 'Exited');
    const paused = await rolloutIn(ns, started.id, 'paused');
    expect(paused.reason?.failed).toEqual([{ deviceId: ids[3], reason: 'workload cam is exited' }]);
    expect(paused.batches[1]).toMatchObject({ devices: 2, succeeded: 1, failed: 1, pending: 0 });
    // The automatic pause is audited, with the rollouts as its actor.
    const audit = await management.request<{ items: { actor: string; action: string }[] }>(
      'GET',
      `/audit?resource=rollouts/${started.id}&action=rollout.paused`,
    );
    expect(audit.body.items).toEqual([
      expect.objectContaining({ actor: 'system:rollouts', action: 'rollout.paused' }),
    ]);
    expect((await image(ns, ids[4])).includes('acme/cam:1')).toBe(true);
    expect((await act(ns, started.id, 'approve')).status).toBe(409);

    // Resume: the operator lets the batch pass as it is; the last batch starts.
    expect((await act(ns, started.id, 'resume')).status).toBe(200);
    const lastBatch = await Promise.all(ids.slice(4).map((id) => servedWith(ns, id, 'acme/cam:2')));

    // Abort: every device of a started batch gets cam:1 back, as a version after the one it had.
    const aborted = await act(ns, started.id, 'abort');
    expect(aborted.status).toBe(200);
    expect(aborted.body.state).toBe('aborted');
    for (const [i, id] of ids.entries()) {
      const back = await servedWith(ns, id, 'acme/cam:1');
      const before = i >= 4 ? lastBatch[i - 4].version : v1[i].version;
      expect(Number(back.version)).toBeGreaterThan(Number(before));
    }
    await probe.waitForMessages(
      (m) => m.key === ns && (JSON.parse(m.value ?? '{}') as { state?: string }).state === 'aborted',
      1,
    );
  });

  it('waits for a manual approval, and a newer change supersedes the rollout from where devices are', async () => {
    const ns = newNamespace('rs');
    const ids = Array.from({ length: 4 }, (_, i) => `${newDeviceId(`s${i}`)}`).sort();
    for (const id of ids) {
      await journey.registered(ns, id, { labels: { app: 'cam' } });
    }
    expect((await put(`/namespaces/${ns}/workloads/cam`, workload('acme/cam:1'))).status).toBe(201);
    await Promise.all(ids.map((id) => servedWith(ns, id, 'acme/cam:1')));
    const policy = { batches: [{ limit: 1, approval: 'manual' }, { limit: 1 }] };
    expect((await put(`/namespaces/${ns}/rollout-policy`, policy)).status).toBe(201);

    expect((await put(`/namespaces/${ns}/workloads/cam`, workload('acme/cam:2'))).status).toBe(200);
    const [first] = await rollouts(ns);
    expect(first).toMatchObject({ state: 'waiting-approval', currentBatch: -1 });
    expect(first.batches.map((b) => b.devices)).toEqual([1, 1, 2]);
    expect((await image(ns, ids[0])).includes('acme/cam:1')).toBe(true);

    const approved = await act(ns, first.id, 'approve');
    expect(approved.body).toMatchObject({ state: 'progressing', currentBatch: 0 });
    await servedWith(ns, ids[0], 'acme/cam:2');
    expect((await image(ns, ids[1])).includes('acme/cam:1')).toBe(true);

    // A newer change: the first rollout is superseded; the new one covers every device still behind it.
    expect((await put(`/namespaces/${ns}/workloads/cam`, workload('acme/cam:3'))).status).toBe(200);
    expect(
      (await management.request<Rollout>('GET', `/namespaces/${ns}/rollouts/${first.id}`)).body.state,
    ).toBe('superseded');
    const [second] = await rollouts(ns);
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ state: 'waiting-approval' });
    expect(second.batches.map((b) => b.devices)).toEqual([1, 1, 2]);
    expect((await act(ns, first.id, 'resume')).status).toBe(409);
    // The policy cannot go while a rollout holds devices back.
    expect((await management.request('DELETE', `/namespaces/${ns}/rollout-policy`)).status).toBe(409);

    await act(ns, second.id, 'approve');
    await servedWith(ns, ids[0], 'acme/cam:3');
    await heartbeat(ns, ids[0]);
    await servedWith(ns, ids[1], 'acme/cam:3');
    await heartbeat(ns, ids[1]);
    await Promise.all(ids.slice(2).map((id) => servedWith(ns, id, 'acme/cam:3')));
    for (const id of ids.slice(2)) {
      await heartbeat(ns, id);
    }
    const done = await rolloutIn(ns, second.id, 'completed');
    expect(done.batches.every((b) => b.succeeded === b.devices)).toBe(true);
    expect((await management.request('DELETE', `/namespaces/${ns}/rollout-policy`)).status).toBe(204);
  });

  it('edgectl sets the policy, lists and shows rollouts, and approves', async () => {
    const ns = newNamespace('rc');
    const ids = [newDeviceId('c0'), newDeviceId('c1')].sort();
    for (const id of ids) {
      await journey.registered(ns, id, { labels: { app: 'cam' } });
    }
    const config = tempConfig();
    const run = (...args: string[]) => edgectl(config, args);
    const login = await run(
      'login',
      inject('configServiceUrl'),
      '--token',
      tokenOf('admin'),
      '--namespace',
      ns,
    );
    expect(login.code, login.stderr).toBe(0);
    const file = join(dirname(config), 'policy.yaml');
    writeFileSync(file, 'batches:\n  - limit: 1\n    approval: manual\nsuccessThreshold: 100%\n');
    const set = await run('rollout-policy', 'set', '-f', file);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse((await run('rollout-policy', 'get', '-o', 'json')).stdout)).toMatchObject({
      batches: [{ limit: 1, approval: 'manual' }],
      successThreshold: '100%',
    });

    expect((await put(`/namespaces/${ns}/workloads/cam`, workload('acme/cam:1'))).status).toBe(201);
    const list = await run('rollouts', 'list');
    expect(list.code, list.stderr).toBe(0);
    const [header, row] = list.stdout.trim().split('\n');
    expect(header.split(/\s+/)).toEqual(['ID', 'STATE', 'CHANGE', 'BATCH', 'DEVICES', 'SUCCEEDED', 'FAILED']);
    const id = row.split(/\s+/)[0];
    expect(row.split(/\s+/).slice(1)).toEqual([
      'waiting-approval',
      'put',
      'workloads/cam',
      '0/2',
      '2',
      '0',
      '0',
    ]);
    const approved = await run('rollouts', 'approve', id);
    expect(approved.stdout.trim()).toBe(`rollout/${id} progressing`);
    await servedWith(ns, ids[0], 'acme/cam:1');
    const shown = await run('rollouts', 'get', id);
    expect(shown.stdout).toMatch(
      /BATCH\s+DEVICES\s+UPDATED\s+SUCCEEDED\s+FAILED\s+PENDING\n1\s+1\s+1\s+0\s+0\s+1/,
    );
    expect((await run('rollouts', 'approve', id)).code).toBe(1);
  });

  it('refuses a bad policy with the field named, and stores nothing', async () => {
    const ns = newNamespace('rp');
    const bad = await put(`/namespaces/${ns}/rollout-policy`, {
      batches: [{ limit: '0%' }, { selector: 'a in (' }],
      successThreshold: '101%',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/limit.*selector.*successThreshold|successThreshold/);
    expect((await management.request('GET', `/namespaces/${ns}/rollout-policy`)).status).toBe(404);
  });
});
