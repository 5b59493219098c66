import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { Pool } from 'pg';
import 'reflect-metadata';
import { putCatalogue } from '../bench/catalogue';
import { deviceId, edgePath } from '../bench/fleet';
import { machine } from '../bench/machine';
import { Management } from '../bench/management';
import { ROOT } from '../bench/options';
import { seedRegistered } from '../bench/seed';
import { adminToken, log, prepareData, stackDown, stackUp, until } from '../bench/system';
import { type Accounting, account } from './accounting';
import { Cluster, faultsAppEnv } from './cluster';
import { enrolRule, FleetLoad } from './load';
import { consumerLag, DelayProbe } from './observe';
import { type FaultsOptions, faultsOptions } from './options';
import { type Injection, inject, plan } from './plan';
import { ReadPortProxy } from './read-port-proxy';
import { type FaultResult, evaluate, writeReport } from './report';

const load = (): number[] => loadavg().map((n) => Math.round(n * 100) / 100);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return dirty.trim() ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    // A copy of the tree without .git (a run beside a build): the caller says which commit it is.
    return process.env.FAULTS_COMMIT ?? 'unknown';
  }
}

/** The private system: its own Kafka and PostgreSQL, two replicas of every app, the seeded fleet. */
async function bringUp(o: FaultsOptions, runId: string) {
  stackUp(o);
  await prepareData(o);
  const { token, file } = adminToken(o);
  const proxies = o.readPorts.map((port, i) => new ReadPortProxy(port, o.configServiceReadPorts[i]));
  await Promise.all(proxies.map((p) => p.open()));
  const cluster = new Cluster(o, faultsAppEnv(o, file));
  await cluster.startAll();
  // From now on, new read connections go where a Service would send them: gateway r's own config service when it
  // is ready, else the other one, else nowhere (a config service unready during an outage loses its new readers).
  const configServices = cluster.of('config-service');
  proxies.forEach((proxy, i) => {
    proxy.route = () => {
      const pick = [configServices[i], ...configServices].find((r) => r.ready && !r.terminating && r.running);
      return pick ? o.configServiceReadPorts[pick.index] : undefined;
    };
  });
  const management = new Management(cluster.of('config-service')[0].url, token);
  await putCatalogue(management);
  await management.put('/auto-approval-rules/faults-enrol', enrolRule(runId));
  const db = new Pool({ ...o.db, max: 3 });
  db.on('error', () => undefined);
  await seedRegistered(db, o.kafkaBrokers.split(','), management, 0, o.devices);
  // Both gateways know the seeded fleet once their registry copies read the last snapshots published.
  for (const g of cluster.of('gateway')) {
    await until(`${g.name} to know the seeded devices`, async () => {
      const res = await fetch(`${g.url}${edgePath('default', deviceId(o.devices - 1), 'registration')}`);
      return res.status === 200;
    });
  }
  await until('every seeded device rendered', async () => {
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM device_configuration WHERE content IS NOT NULL AND device_id LIKE 'bench-%'`,
    );
    return Number(rows[0].n) >= o.devices;
  });
  return { token, proxies, cluster, db };
}

async function main(): Promise<void> {
  const o = faultsOptions();
  const started = new Date();
  const runId = Date.now().toString(36);
  const brokers = o.kafkaBrokers.split(',');
  const loadBefore = load();
  const faults: FaultResult[] = [];
  let accounting: Accounting | undefined;
  let failure: unknown;
  let system: Awaited<ReturnType<typeof bringUp>> | undefined;
  let machineInfo: Record<string, unknown> = {};
  // Kept outside the try: a run that fails half-way still reports the faults it got through.
  const injections: { injection: Injection; loadAverage: number[] }[] = [];
  let evaluateAll = (): void => undefined;
  // Interrupted (Ctrl-C, a supervisor's SIGTERM): stop what was started rather than leave it running.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the apps and the stack`);
      void (async () => {
        await system?.cluster.stopAll();
        if (!o.keepStack) {
          stackDown(o);
        }
        process.exit(130);
      })();
    });
  }
  try {
    system = await bringUp(o, runId);
    const { cluster, proxies, db, token } = system;
    const delay = new DelayProbe(o);
    const lagSamples: [number, number][] = [];
    let lastLag = Infinity;
    let sampling = true;
    const lagSampler = (async () => {
      while (sampling) {
        lastLag = await consumerLag(brokers).catch(() => Infinity);
        if (lastLag !== Infinity) {
          lagSamples.push([Date.now(), lastLag]);
        }
        await sleep(1000);
      }
    })();
    const endpoint = (app: 'gateway' | 'config-service') => () => {
      const r = cluster.endpoint(app);
      return r ? { name: r.name, url: r.url } : undefined;
    };
    const fleet = new FleetLoad(
      { ...o, runId, token },
      { gateway: endpoint('gateway'), management: endpoint('config-service') },
      (device, sentAt, answeredAt) => delay.answered(device, sentAt, answeredAt),
    );
    delay.start();
    fleet.start();
    // What the steady load keeps in flight is not lag: about two seconds of it.
    const steadyLag = Math.max(100, o.heartbeatRate * 2);
    const settled = (): Promise<true | string> => {
      const unready = cluster.replicas.filter((r) => !r.ready).map((r) => r.name);
      const waiting = delay.oldestWaitingMs();
      const missing = [
        ...(unready.length > 0 ? [`unready: ${unready.join(', ')}`] : []),
        ...(lastLag > steadyLag ? [`consumer lag ${lastLag}`] : []),
        ...(waiting >= 5000 ? [`a heartbeat unseen for ${Math.round(waiting / 1000)} s`] : []),
      ];
      return Promise.resolve(missing.length === 0 ? true : missing.join('; '));
    };
    evaluateAll = () => {
      for (const { injection, loadAverage } of injections) {
        faults.push(
          evaluate(
            o,
            injection,
            fleet.calls,
            cluster.readiness,
            cluster.hands,
            delay.delays,
            lagSamples,
            loadAverage,
          ),
        );
      }
    };
    for (const planned of plan(o)) {
      await sleep(o.steadyS * 1000);
      const loadAverage = load();
      log(`--- ${planned.name} (load average ${loadAverage.join(' ')})`);
      const injection = await inject({ o, cluster, proxies }, planned, settled);
      injections.push({ injection, loadAverage });
      if (!injection.settledAt) {
        // Whatever is still unready after the settle timeout needs an operator: the harness plays one.
        for (const r of cluster.replicas.filter((x) => !x.ready)) {
          cluster.hands.push({
            at: Date.now(),
            replica: r.name,
            what: `unready ${o.settleTimeoutS} s after the fault`,
          });
          await cluster.kill(r);
          await cluster.start(r).catch((e: unknown) => log(`${r.name} did not restart: ${String(e)}`));
        }
      }
    }
    await sleep(o.steadyS * 1000);
    log('stopping the load; waiting for the system to settle');
    await fleet.stop();
    await until(
      'the consumers to drain',
      () => Promise.resolve(lastLag === 0 && delay.oldestWaitingMs() === 0),
      180_000,
      500,
    ).catch((e: unknown) => log(String(e)));
    await until(
      'the read model to catch up with the registry',
      async () => {
        const { rows } = await db.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM device d LEFT JOIN device_view v USING (device_id)
           WHERE v.revision IS DISTINCT FROM d.revision`,
        );
        return rows[0].n === '0';
      },
      60_000,
      500,
    ).catch((e: unknown) => log(String(e)));
    sampling = false;
    await lagSampler;
    await delay.stop();
    evaluateAll();
    evaluateAll = () => undefined;
    accounting = await account(db, brokers, runId, fleet.calls, o.devices);
  } catch (error) {
    failure = error;
    log(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    evaluateAll();
  } finally {
    machineInfo = await machine(o);
    await system?.cluster.stopAll();
    await Promise.all(system?.proxies.map((p) => p.cut()) ?? []);
    await system?.db.end().catch(() => undefined);
    if (!o.keepStack) {
      stackDown(o);
    }
  }
  const targetsMet =
    failure === undefined && accounting?.ok === true && faults.every((f) => f.targets.every((t) => t.met));
  const md = writeReport(o.out, {
    startedAt: started.toISOString(),
    durationS: Math.round((Date.now() - started.getTime()) / 1000),
    command: `npm run faults${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    commit: commit(),
    complete: failure === undefined,
    error:
      failure instanceof Error
        ? failure.message
        : failure === undefined
          ? undefined
          : JSON.stringify(failure),
    machine: { ...machineInfo, loadAverageAtEnd: load() },
    loadAverageBefore: loadBefore,
    faults,
    accounting,
    targetsMet,
  });
  process.stdout.write(`${md}\n`);
  // Exit now: after a failure the load and the probes would keep the process alive.
  process.exit(targetsMet ? 0 : 1);
}

void main();
