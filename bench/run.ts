import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import 'reflect-metadata';
import { appWorkload, putCatalogue } from './catalogue';
import { COHORT_SIZE, deviceId, edgePath, FLEET_NAMESPACE } from './fleet';
import { machine } from './machine';
import { Management } from './management';
import { type BenchOptions, benchOptions } from './options';
import { HEARTBEAT_TOPICS, load, metric, simulate, topicEnd } from './probes';
import { evaluateTargets, writeReport } from './report';
import { seedRegistered } from './seed';
import type { LoadResult } from './simulator/load';
import type { PacedHeartbeatResult, StormResult } from './simulator/scenarios';
import {
  adminToken,
  appEnv,
  APPS,
  log,
  prepareData,
  RssSampler,
  type RunningApp,
  stackDown,
  stackUp,
  startApp,
  stopApp,
  until,
} from './system';

const seconds = (ms: number): number => Math.round(ms / 100) / 10;

class Bench {
  readonly results: Record<string, unknown> = {};
  readonly scenarios: Record<string, unknown> = {};
  apps: RunningApp[] = [];
  private baseline?: ChildProcess;
  private rss = new RssSampler(() => this.apps);
  private db!: Pool;
  private management!: Management;
  private gatewayUrl = '';
  private env: Record<string, string> = {};
  /** Devices registered so far: bench-000000 .. bench-(fleet-1). */
  private fleet = 0;

  constructor(private readonly o: BenchOptions) {}

  private app(name: RunningApp['name']): RunningApp {
    const app = this.apps.find((a) => a.name === name);
    if (!app) {
      throw new Error(`${name} is not running`);
    }
    return app;
  }

  private section(name: string): Record<string, unknown> {
    this.rss.mark();
    log(`--- ${name} (load average ${load().join(' ')})`);
    return { loadAverageBefore: load() };
  }

  private finish(section: Record<string, unknown>): Record<string, unknown> {
    return { ...section, loadAverageAfter: load(), ...this.rss.mark() };
  }

  async start(): Promise<void> {
    if (!this.o.externalStack) {
      stackUp(this.o);
    }
    const { token, file } = adminToken(this.o);
    this.env = appEnv(this.o, file);
    await prepareData(this.o);
    this.db = new Pool({ ...this.o.db, max: 4 });
    // The config service first: the gateway reads through it.
    this.apps.push(await startApp(this.o, 'config-service', this.env));
    const others = await Promise.all(
      APPS.filter((a) => a !== 'config-service').map((a) => startApp(this.o, a, this.env)),
    );
    this.apps.push(...others);
    this.gatewayUrl = this.app('gateway').url;
    this.management = new Management(this.app('config-service').url, token);
    await putCatalogue(this.management);
  }

  private registeredInReadModel = async (): Promise<number> =>
    Number(
      (
        await this.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM device_view v JOIN device_configuration c USING (device_id)
           WHERE v.state = 'registered' AND c.content IS NOT NULL AND v.device_id LIKE 'bench-%'`,
        )
      ).rows[0].n,
    );

  /** Scenario 3: the first fleet enrols, is approved by the rule and registers through the Edge API. */
  async storm(): Promise<void> {
    const section = this.section('enrolment storm');
    const n = this.o.stormDevices;
    const started = performance.now();
    let readModelMs: number | null = null;
    let inReadModel = 0;
    const deadline = started + this.o.stormTimeoutS * 1000;
    const watcher = until(
      'the storm registered in the read model',
      async () => {
        inReadModel = await this.registeredInReadModel();
        if (inReadModel >= n) {
          readModelMs = performance.now() - started;
          return true;
        }
        return performance.now() > deadline;
      },
      this.o.stormTimeoutS * 1000 + 60_000,
      250,
    );
    const api = await simulate<StormResult>({
      scenario: 'enrolment-storm',
      url: this.gatewayUrl,
      firstDevice: 0,
      devices: n,
      concurrency: 256,
      pollMs: this.o.enrolPollMs,
      timeoutMs: this.o.stormTimeoutS * 1000,
    });
    await watcher;
    this.scenarios.storm = this.finish({
      ...section,
      ...api,
      enrolPollMs: this.o.enrolPollMs,
      registeredInReadModel: inReadModel,
      allRegisteredInReadModelS: readModelMs === null ? null : seconds(readModelMs),
    });
    if (inReadModel < n) {
      // The rest of the run needs the whole first fleet: the missing devices come in through the shortcut.
      throw new Error(`only ${inReadModel} of ${n} devices registered within ${this.o.stormTimeoutS} s`);
    }
    this.fleet = n;
  }

  /** Brings the fleet to `to` devices through the seeding shortcut (see seed.ts). */
  async seed(to: number): Promise<void> {
    if (to <= this.fleet) {
      return;
    }
    const section = this.section(`seeding ${this.fleet} → ${to} devices`);
    // A millisecond per device, five minutes at least: a million devices' renders and announcements take minutes.
    const patienceMs = Math.max(300_000, to);
    const result = await seedRegistered(
      this.db,
      this.o.kafkaBrokers.split(','),
      this.management,
      this.fleet,
      to,
    );
    // The gateway knows the fleet once its registry cache has read the last snapshots published.
    await until(
      'the gateway to know the seeded devices',
      async () => {
        for (let i = Math.max(this.fleet, to - 300); i < to; i++) {
          const res = await fetch(`${this.gatewayUrl}${edgePath('default', deviceId(i), 'registration')}`);
          if (res.status !== 200) {
            return false;
          }
        }
        return true;
      },
      patienceMs,
      500,
    );
    await until(
      'every seeded device rendered',
      async () => (await this.registeredInReadModel()) >= to,
      patienceMs,
      1000,
    );
    // A bulk load's aftermath, not a read's cost: each render is announced on device.configuration-changed.v1 and
    // the heartbeat worker keeps its copy. A fleet at rest has nothing left to announce, so the scenarios start
    // once both are done (else their CPU per read counts the announcements too).
    await until(
      'every seeded device announced and known to the heartbeat worker',
      async () => {
        const { rows } = await this.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM device_configuration c
           LEFT JOIN desired_configuration d ON d.device_id = c.device_id
           WHERE NOT c.announced OR d.version IS DISTINCT FROM c.version`,
        );
        return Number(rows[0].n) === 0;
      },
      patienceMs,
      1000,
    );
    // What autovacuum does after a bulk load in production; the bench's server may run without it, and the
    // scenarios must not measure plans made for empty tables.
    await this.db.query('ANALYZE');
    this.fleet = to;
    this.scenarios[`seed${to}`] = this.finish({ ...section, devices: to, ...result });
  }

  private async startBaseline(): Promise<void> {
    const res = await fetch(`${this.gatewayUrl}${edgePath(FLEET_NAMESPACE, deviceId(0), 'configuration')}`);
    if (res.status !== 200) {
      throw new Error(`GET configuration of ${deviceId(0)} answered ${res.status}`);
    }
    const file = join(this.o.stackDir, 'baseline-document.json');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    this.baseline = spawn(
      process.execPath,
      [join(__dirname, 'baseline', 'server.js'), String(this.o.ports.baseline), file],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    await until('the baseline server', async () => (await fetch(this.baselineUrl)).status === 200);
  }

  private get baselineUrl(): string {
    return `http://127.0.0.1:${this.o.ports.baseline}`;
  }

  private reads(url: string, extra: Record<string, unknown> = {}): Promise<LoadResult> {
    return simulate<LoadResult>({
      scenario: 'config-reads',
      url,
      devices: this.fleet,
      connections: this.o.connections,
      durationS: this.o.durationS,
      ...extra,
    });
  }

  /**
   * Every device read once, not measured: a real fleet polls every minute, so the config service's answers are in
   * memory; without this, a short run over a large fleet measures mostly first reads (a query and a decryption).
   */
  private async warmUp(): Promise<number> {
    const started = performance.now();
    const sweep = await simulate<{ stale: number }>({
      scenario: 'wait-served',
      url: this.gatewayUrl,
      firstDevice: 0,
      devices: this.fleet,
      marker: '',
      concurrency: 32,
      timeoutMs: 600_000,
    });
    if (sweep.stale > 0) {
      throw new Error(`warm-up: ${sweep.stale} of ${this.fleet} devices not served`);
    }
    return seconds(performance.now() - started);
  }

  /** Scenario 1: reads at full speed against us and the baseline, then at each paced rate. */
  async configReads(): Promise<void> {
    if (!this.baseline) {
      await this.startBaseline();
    }
    const warmUpS = await this.warmUp();
    // Marked after the warm-up, so the CPU seconds per read are those of the measured runs.
    const section = this.section(`configuration reads, ${this.fleet} devices`);
    const ours = await this.reads(this.gatewayUrl);
    const baseline = await this.reads(this.baselineUrl);
    const steps = [];
    for (const rate of this.o.rateSteps) {
      const paced = { rate, durationS: this.o.rateStepS, connections: Math.max(this.o.connections, 128) };
      steps.push({
        rate,
        ours: await this.reads(this.gatewayUrl, paced),
        baseline: await this.reads(this.baselineUrl, paced),
      });
    }
    const list = (this.scenarios.reads as unknown[] | undefined) ?? [];
    list.push(
      this.finish({
        ...section,
        devices: this.fleet,
        warmUpS,
        ours,
        baseline,
        ratioToBaseline: Math.round((ours.rps / Math.max(1, baseline.rps)) * 100) / 100,
        steps,
      }),
    );
    this.scenarios.reads = list;
  }

  /** Counts on both sides of the heartbeat pipeline, to compare with what the simulator had accepted. */
  private async heartbeatCounts(): Promise<Record<string, number>> {
    const worker = this.app('heartbeat-worker').url;
    const brokers = this.o.kafkaBrokers.split(',');
    const outcome = (o: string) => metric(worker, 'heartbeats_total', { outcome: o });
    return {
      received: await topicEnd(brokers, HEARTBEAT_TOPICS.received),
      published: await topicEnd(brokers, HEARTBEAT_TOPICS.recorded),
      consumed: await metric(worker, 'kafka_messages_consumed_total', { topic: HEARTBEAT_TOPICS.received }),
      recorded: (await outcome('recorded')) + (await outcome('status-only')),
      retry: await outcome('retry'),
      stale: await outcome('stale'),
      ignored: await outcome('ignored'),
    };
  }

  /**
   * Waits until the worker consumed everything the gateway published, then compares the counts. `unconfirmed`
   * heartbeats were sent but not answered 2xx (a 503 when the broker's acknowledgement came after
   * KAFKA_PUBLISH_TIMEOUT_MS, a client error): such a heartbeat may be stored all the same, since a 503 means "not
   * confirmed", not "not stored". The topic's own count tells them apart: every accepted heartbeat is in it (the
   * broker acknowledged it), so what it holds beyond the accepted ones, up to `unconfirmed`, is "unconfirmed but
   * stored"; beyond that it is doubled. Lost: accepted heartbeats missing from the topic, and heartbeats in the
   * topic the worker did not record. Doubled: the topic holding more than was sent, or the worker recording more
   * than the topic holds. The worker publishing more than it recorded is not a double: a batch handled again (a
   * downstream publish given up, a restart) publishes the same `eventId`s again, which `device.heartbeat.v1`'s
   * at-least-once contract allows; those are counted apart as `downstreamRepeats`. (bench/README.md#heartbeat-counts)
   */
  private async countCheck(
    before: Record<string, number>,
    accepted: number,
    unconfirmed: number,
  ): Promise<Record<string, unknown>> {
    const started = performance.now();
    let after = await this.heartbeatCounts();
    await until(
      'the heartbeat worker to consume every heartbeat',
      async () => {
        after = await this.heartbeatCounts();
        return after.consumed - before.consumed >= after.received - before.received;
      },
      300_000,
      250,
    );
    const delta = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));
    const beyondAccepted = Math.max(0, delta.received - accepted);
    return {
      accepted,
      unconfirmed,
      unconfirmedStored: Math.min(unconfirmed, beyondAccepted),
      ...delta,
      drainS: seconds(performance.now() - started),
      lost: Math.max(0, accepted - delta.received) + Math.max(0, delta.received - delta.recorded),
      doubled: Math.max(0, beyondAccepted - unconfirmed) + Math.max(0, delta.recorded - delta.received),
      downstreamRepeats: Math.max(0, delta.published - delta.recorded),
    };
  }

  /** Scenario 2: heartbeats at full speed, then at the sustained rate with the end-to-end lag. */
  async heartbeats(): Promise<void> {
    const section = this.section(`heartbeats, ${this.fleet} devices`);
    const db = { ...this.o.db };
    let before = await this.heartbeatCounts();
    const max = await simulate<LoadResult>({
      scenario: 'heartbeats-max',
      url: this.gatewayUrl,
      devices: this.fleet,
      connections: this.o.connections,
      durationS: this.o.heartbeatS,
      db,
    });
    const maxCounts = await this.countCheck(before, max.ok, max.non2xx + max.errors + max.timeouts);
    log(`heartbeats at full speed: ${max.rps}/s, p99 ${max.latencyMs.p99} ms`);
    before = await this.heartbeatCounts();
    const sustained = await simulate<PacedHeartbeatResult>({
      scenario: 'heartbeats-paced',
      url: this.gatewayUrl,
      devices: this.fleet,
      rate: this.o.heartbeatRate,
      durationS: this.o.heartbeatS,
      db,
    });
    const sustainedCounts = await this.countCheck(before, sustained.ok, sustained.sent - sustained.ok);
    this.scenarios.heartbeats = this.finish({
      ...section,
      devices: this.fleet,
      max: { ...max, counts: maxCounts },
      sustained: { ...sustained, counts: sustainedCounts },
    });
  }

  /** Scenario 4: one workload targeting a cohort (10,000 devices) changes while reads go on. */
  async fanout(): Promise<void> {
    const section = this.section(`fan-out, ${this.fleet} devices`);
    const targeted = Math.min(COHORT_SIZE, this.fleet);
    const readsS = Math.max(this.o.durationS, 20);
    const reads = this.reads(this.gatewayUrl, { durationS: readsS });
    // The change lands while the reads are at full speed.
    await new Promise((r) => setTimeout(r, Math.min(5000, (readsS * 1000) / 4)));
    const tag = `2.0.${Date.now()}`;
    const ids = Array.from({ length: targeted }, (_, i) => deviceId(i));
    const before = await this.db.query<{ device_id: string; version: string }>(
      'SELECT device_id, version::text AS version FROM device_configuration WHERE device_id = ANY($1)',
      [ids],
    );
    const rollout = this.o.rolloutBatches;
    if (rollout !== undefined) {
      // Batches of rollout% each: the policy names all but the last, which takes the devices left.
      const batches = Array.from({ length: Math.ceil(100 / rollout) - 1 }, () => ({ limit: `${rollout}%` }));
      await this.management.put(`/namespaces/${FLEET_NAMESPACE}/rollout-policy`, { batches });
    }
    const started = performance.now();
    // Watched from the moment the write is sent, so the figure holds whether the write renders before it
    // answers or after.
    const rendered = this.renderedAll(before.rows, started);
    rendered.catch(() => undefined); // awaited below; a failed write must not leave it unhandled
    await this.management.put(`/namespaces/${FLEET_NAMESPACE}/workloads/app-c0`, appWorkload('c0', tag));
    const putMs = performance.now() - started;
    // Under a rollout the devices must heartbeat what they are served for the next batch to start, so the sweep
    // (which heartbeats) runs while the store is watched.
    const sweep = () =>
      simulate<{ servedAllMs: number; sweeps: number; stale: number }>({
        scenario: 'wait-served',
        url: this.gatewayUrl,
        firstDevice: 0,
        devices: targeted,
        marker: tag,
        concurrency: 32,
        timeoutMs: rollout === undefined ? 120_000 : 600_000,
        heartbeat: rollout !== undefined,
      });
    const sweepStarted = rollout === undefined ? 0 : performance.now();
    const rolledOut = rollout === undefined ? undefined : sweep();
    const renderedMs = await rendered;
    const stored = await this.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM device_configuration WHERE device_id = ANY($1) AND content::text LIKE $2`,
      [ids, `%${tag}%`],
    );
    const sweepAt = rolledOut ? sweepStarted : performance.now();
    const served = await (rolledOut ?? sweep());
    if (rollout !== undefined) {
      await this.endRollout();
    }
    const readsResult = await reads;
    this.scenarios.fanout = this.finish({
      ...section,
      devices: this.fleet,
      targeted,
      renderedInStore: Number(stored.rows[0].n),
      writeAnsweredS: seconds(putMs),
      allRenderedS: seconds(renderedMs),
      allServedS: seconds(sweepAt - started + served.servedAllMs),
      ...(rollout === undefined ? {} : { rolloutBatchPercent: rollout }),
      servedSweeps: served.sweeps,
      staleAfterTimeout: served.stale,
      readsMeanwhile: readsResult,
    });
  }

  /**
   * Milliseconds from `started` until every device of `before` has a newer configuration version in the store
   * (polled every 50 ms; a version moves only when the rendered content changed).
   */
  private async renderedAll(
    before: { device_id: string; version: string }[],
    started: number,
  ): Promise<number> {
    const ids = before.map((r) => r.device_id);
    const versions = before.map((r) => r.version);
    await until(
      'every fanned-out configuration rendered',
      async () => {
        const { rows } = await this.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM device_configuration c
           JOIN unnest($1::text[], $2::bigint[]) AS b(device_id, version) ON b.device_id = c.device_id
           WHERE c.version > b.version`,
          [ids, versions],
        );
        return Number(rows[0].n) === ids.length;
      },
      this.o.rolloutBatches === undefined ? 120_000 : 600_000,
      50,
    );
    return performance.now() - started;
  }

  /** Waits for the fan-out's rollout to complete, then removes the policy so later writes reach devices at once. */
  private async endRollout(): Promise<void> {
    const path = `/namespaces/${FLEET_NAMESPACE}/rollouts?limit=1`;
    await until('the rollout completed', async () => {
      const res = await this.management.call<{ items: { state: string }[] }>('GET', path);
      return res.body.items[0]?.state === 'completed';
    });
    await this.management.call('DELETE', `/namespaces/${FLEET_NAMESPACE}/rollout-policy`);
  }

  /** Scenario 5: what the fleet costs at rest. */
  async scale(): Promise<void> {
    const section = this.section(`scale, ${this.fleet} devices`);
    const size = await this.db.query<{ db: string }>(
      `SELECT pg_database_size(current_database())::text AS db`,
    );
    const tables = await this.db.query<{ name: string; mb: string; rows: string }>(
      `SELECT relname AS name, round(pg_total_relation_size(relid) / 1048576.0, 1)::text AS mb,
         n_live_tup::text AS rows
       FROM pg_stat_user_tables ORDER BY pg_total_relation_size(relid) DESC LIMIT 8`,
    );
    this.scenarios.scale = this.finish({
      ...section,
      devices: this.fleet,
      rssMb: this.rss.sample(),
      databaseMb: Math.round(Number(size.rows[0].db) / 104857.6) / 10,
      tables: tables.rows.map((t) => ({ table: t.name, mb: Number(t.mb), rows: Number(t.rows) })),
    });
  }

  async stop(): Promise<void> {
    this.rss.stop();
    this.baseline?.kill('SIGTERM');
    await Promise.all(this.apps.map((a) => stopApp(a)));
    await this.db?.end().catch(() => undefined);
    if (!this.o.externalStack && !this.o.keepStack) {
      stackDown(this.o);
    }
  }
}

async function main(): Promise<void> {
  const o = benchOptions();
  const startedAt = new Date();
  const bench = new Bench(o);
  const wants = (s: BenchOptions['scenarios'][number]) => o.scenarios.includes(s);
  let failure: unknown;
  try {
    await bench.start();
    const small = Math.min(o.stormDevices, o.devices);
    if (wants('storm')) {
      await bench.storm();
    } else {
      await bench.seed(small);
    }
    if (wants('reads')) {
      await bench.configReads();
    }
    if (wants('heartbeats')) {
      await bench.heartbeats();
    }
    if (wants('reads') || wants('fanout') || wants('scale')) {
      await bench.seed(o.devices);
    }
    if (wants('reads') && o.devices > small) {
      await bench.configReads();
    }
    if (wants('fanout')) {
      await bench.fanout();
    }
    if (wants('scale')) {
      await bench.scale();
    }
  } catch (error) {
    failure = error;
    log(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    await bench.stop();
  }
  const results = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durationS: seconds(Date.now() - startedAt.getTime()),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    complete: failure === undefined,
    machine: await machine(o),
    options: { ...o, db: { ...o.db, password: undefined } },
    scenarios: bench.scenarios,
    targets: [] as unknown[],
  };
  results.targets = evaluateTargets(results.scenarios);
  const table = writeReport(o.out, results);
  process.stdout.write(`${table}\n`);
  if (failure) {
    process.exitCode = 1;
  }
}

void main();
