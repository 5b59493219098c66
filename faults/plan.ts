import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../bench/options';
import { APPS, log, stackEnv } from '../bench/system';
import { type Cluster, type Replica, signalTree, stackPid } from './cluster';
import type { FaultName, FaultsOptions } from './options';
import type { ReadPortProxy } from './read-port-proxy';

/** What an injection did and when (Date.now()): the dependency's return is what recovery is measured from. */
export interface Injection {
  fault: FaultName;
  /** `kill-one gateway`, `kafka-stop`, ... */
  name: string;
  what: string;
  startedAt: number;
  /** The dependency is back: the restarted replica ready, Kafka or PostgreSQL answering, SIGCONT sent. */
  returnedAt: number;
  /** Ready everywhere and the lag drained (null when that did not happen within the settle timeout). */
  settledAt: number | null;
  steps: { at: number; what: string }[];
  /** What was still missing when the settle timeout ran out. */
  unsettled?: string;
}

export interface PlanContext {
  o: FaultsOptions;
  cluster: Cluster;
  proxies: ReadPortProxy[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `scripts/stack.sh up` for the run's stack, without blocking the load (it runs in this process). */
function stackUp(o: FaultsOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(ROOT, 'scripts', 'stack.sh'), 'up'], {
      env: { ...stackEnv(o), STACK_SKIP_APP_SETUP: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`stack.sh up failed (${code})`)),
    );
  });
}

type Step = (what: string) => void;
type Body = (ctx: PlanContext, step: Step) => Promise<void>;

/** One injection: runs `body`, which calls step('returned') when the dependency is back. */
interface Planned {
  fault: FaultName;
  name: string;
  what: string;
  body: Body;
}

async function restartAfter(ctx: PlanContext, step: Step, replicas: Replica[]): Promise<void> {
  await sleep(ctx.o.restartAfterS * 1000);
  step(`restarting ${replicas.map((r) => r.name).join(', ')}`);
  await Promise.all(replicas.map((r) => ctx.cluster.start(r)));
  step('returned');
}

/** The plan for the faults asked for, one injection after the other. */
export function plan(o: FaultsOptions): Planned[] {
  const out: Planned[] = [];
  for (const fault of o.faults) {
    switch (fault) {
      case 'kill-one':
      case 'kill-both':
        for (const app of APPS) {
          const both = fault === 'kill-both';
          out.push({
            fault,
            name: `${fault} ${app}`,
            what: `SIGKILL of ${both ? 'both replicas' : 'one replica'} of ${app}, restarted after ${o.restartAfterS} s`,
            body: async (ctx, step) => {
              const victims = ctx.cluster.of(app).slice(0, both ? 2 : 1);
              await Promise.all(victims.map((r) => ctx.cluster.kill(r)));
              step(`SIGKILL ${victims.map((r) => r.name).join(', ')}`);
              await restartAfter(ctx, step, victims);
            },
          });
        }
        break;
      case 'rolling-restart':
        out.push({
          fault,
          name: 'rolling-restart',
          what: 'SIGTERM of each replica in turn, each restarted and ready before the next',
          body: async (ctx, step) => {
            for (const r of ctx.cluster.replicas) {
              step(`SIGTERM ${r.name}`);
              const ms = await ctx.cluster.terminate(r);
              step(`${r.name} exited after ${ms} ms`);
              await ctx.cluster.start(r);
              await ctx.cluster.inService(r);
              step(`${r.name} ready`);
            }
            step('returned');
          },
        });
        break;
      case 'kafka-kill':
      case 'postgres-kill': {
        const kafka = fault === 'kafka-kill';
        out.push({
          fault,
          name: fault,
          what: kafka
            ? 'SIGKILL of the Kafka broker, restarted at once'
            : 'SIGKILL of PostgreSQL (the postmaster and every backend), restarted at once',
          body: async (ctx, step) => {
            signalTree(stackPid(ctx.o, kafka ? 'kafka.pid' : 'postgres-server.pid'), 'SIGKILL');
            step(kafka ? 'SIGKILL Kafka' : 'SIGKILL PostgreSQL');
            await stackUp(ctx.o);
            step('returned');
          },
        });
        break;
      }
      case 'kafka-stop':
      case 'postgres-stop': {
        const kafka = fault === 'kafka-stop';
        out.push({
          fault,
          name: fault,
          what: `SIGSTOP of ${kafka ? 'the Kafka broker' : 'PostgreSQL (every process)'} for ${o.outageS} s, then SIGCONT`,
          body: async (ctx, step) => {
            const pid = stackPid(ctx.o, kafka ? 'kafka.pid' : 'postgres-server.pid');
            signalTree(pid, 'SIGSTOP');
            step('SIGSTOP');
            await sleep(ctx.o.outageS * 1000);
            signalTree(pid, 'SIGCONT');
            step('returned');
          },
        });
        break;
      }
      case 'reads-gone':
        out.push({
          fault,
          name: 'reads-gone',
          what: `both config services' read ports gone for ${o.outageS} s (connections reset and refused; management API up)`,
          body: async (ctx, step) => {
            await Promise.all(ctx.proxies.map((p) => p.cut()));
            step('read ports cut');
            await sleep(ctx.o.outageS * 1000);
            await Promise.all(ctx.proxies.map((p) => p.open()));
            step('returned');
          },
        });
        break;
    }
  }
  return out;
}

/**
 * Runs one injection, then waits until the system settles by itself: every replica ready, consumer lag back to
 * what the steady load keeps in flight, no heartbeat waiting to be seen for more than a few seconds.
 */
export async function inject(
  ctx: PlanContext,
  planned: Planned,
  /** True once settled, else what is still missing. */
  settled: () => Promise<true | string>,
): Promise<Injection> {
  const injection: Injection = {
    fault: planned.fault,
    name: planned.name,
    what: planned.what,
    startedAt: Date.now(),
    returnedAt: 0,
    settledAt: null,
    steps: [],
  };
  const step: Step = (what) => {
    const at = Date.now();
    injection.steps.push({ at, what });
    if (what === 'returned') {
      injection.returnedAt = at;
    }
    log(`${planned.name}: ${what} (+${((at - injection.startedAt) / 1000).toFixed(1)} s)`);
  };
  await planned.body(ctx, step);
  const deadline = Date.now() + ctx.o.settleTimeoutS * 1000;
  let missing: true | string = 'not asked';
  while (Date.now() < deadline) {
    missing = await settled().catch((e: unknown) => String(e));
    if (missing === true) {
      injection.settledAt = Date.now();
      break;
    }
    await sleep(1000);
  }
  injection.unsettled = missing === true ? undefined : missing;
  log(`${planned.name}: ${missing === true ? 'settled' : `NOT settled: ${missing}`}`);
  return injection;
}
