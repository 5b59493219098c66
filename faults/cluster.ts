import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  appEnv,
  APPS,
  log,
  startApp,
  stopApp,
  until,
  type AppName,
  type AppRunOptions,
  type RunningApp,
} from '../bench/system';
import type { FaultsOptions } from './options';

/** One replica of an app: where it listens, whether the plan wants it up, and its process when it runs. */
export interface Replica {
  app: AppName;
  index: number;
  /** `gateway-0`, `config-service-1`, ... */
  name: string;
  port: number;
  url: string;
  running?: RunningApp;
  /** False while the fault plan holds it down (killed, or being restarted). */
  planned: boolean;
  /** Taken out of the load balancing before a SIGTERM, as Kubernetes does with a terminating pod. */
  terminating: boolean;
  ready: boolean;
  /** Readiness probes failed in a row. */
  failures: number;
}

/** A process that exited (or stayed unready) without the plan asking for it: an operator would have had to act. */
export interface Hand {
  at: number;
  replica: string;
  what: string;
}

/** A replica's readiness changing, as the readiness probe (every 500 ms) saw it. */
export interface ReadinessChange {
  at: number;
  replica: string;
  ready: boolean;
}

/**
 * The environment of every app of the run, in one place: the bench's production settings for the private stack.
 * Credentials the apps may come to need between each other (the internal read port's) belong here.
 */
export function faultsAppEnv(o: FaultsOptions, tokensFile: string): Record<string, string> {
  const env = appEnv(runOptions(o), tokensFile);
  return { ...env, LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'warn' };
}

/** The run as the bench's app helpers see it (replica 0's ports; each replica then gets its own). */
function runOptions(o: FaultsOptions): AppRunOptions {
  return {
    ...o,
    ports: {
      gateway: o.replicaPorts.gateway[0],
      'config-service': o.replicaPorts['config-service'][0],
      'registration-worker': o.replicaPorts['registration-worker'][0],
      'heartbeat-worker': o.replicaPorts['heartbeat-worker'][0],
      configServiceTcp: o.readPorts[0],
    },
  };
}

/** What differs between the two replicas of an app: gateway r reads from config service r (its own read port). */
function replicaEnv(o: FaultsOptions, app: AppName, index: number): Record<string, string> {
  const readPort = app === 'config-service' ? o.configServiceReadPorts[index] : o.readPorts[index];
  return { KAFKA_CLIENT_ID: `${app}-${index}`, CONFIG_SERVICE_TCP_PORT: String(readPort) };
}

/**
 * Two replicas of every app, started, killed and restarted only as the fault plan says; a probe watches each
 * replica's readiness, and an exit the plan did not ask for is recorded as a hand needed (and then restarted, so
 * the next faults still run against two replicas).
 */
export class Cluster {
  readonly replicas: Replica[] = [];
  readonly hands: Hand[] = [];
  readonly readiness: ReadinessChange[] = [];
  private probe?: NodeJS.Timeout;
  private probing = false;
  private next = 0;

  constructor(
    private readonly o: FaultsOptions,
    private readonly env: Record<string, string>,
  ) {
    for (const app of APPS) {
      for (const index of [0, 1]) {
        const port = o.replicaPorts[app][index];
        this.replicas.push({
          app,
          index,
          name: `${app}-${index}`,
          port,
          url: `http://127.0.0.1:${port}`,
          planned: true,
          terminating: false,
          ready: false,
          failures: 0,
        });
      }
    }
  }

  of(app: AppName): Replica[] {
    return this.replicas.filter((r) => r.app === app);
  }

  /** Every replica, the config services first (the gateways read through them). */
  async startAll(): Promise<void> {
    for (const app of APPS) {
      await Promise.all(this.of(app).map((r) => this.start(r)));
    }
    this.probe = setInterval(() => void this.checkReadiness(), 500);
    this.probe.unref();
  }

  async start(r: Replica): Promise<void> {
    r.planned = true;
    r.terminating = false;
    const running = await startApp(
      runOptions(this.o),
      r.app,
      { ...this.env, ...replicaEnv(this.o, r.app, r.index) },
      {
        port: r.port,
        logName: r.name,
      },
    );
    r.running = running;
    running.process.once('exit', (code, signal) => {
      if (r.planned && r.running === running) {
        this.hands.push({ at: Date.now(), replica: r.name, what: `exited (code ${code}, signal ${signal})` });
        log(`${r.name} exited unplanned (code ${code}, signal ${signal}): restarting it, a hand was needed`);
        r.running = undefined;
        void this.start(r).catch((e: unknown) => log(`${r.name} did not restart: ${String(e)}`));
      }
    });
  }

  /** SIGKILL: the process dies at once, with whatever it had in flight. */
  async kill(r: Replica): Promise<void> {
    r.planned = false;
    const running = r.running;
    if (!running || running.process.exitCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => running.process.once('exit', resolve));
    running.process.kill('SIGKILL');
    await exited;
    r.running = undefined;
    this.outOfService(r);
  }

  /**
   * SIGTERM, as Kubernetes stops a pod: out of the Service's endpoints first, then the signal; the app must exit
   * by itself (a SIGKILL after 30 s, Kubernetes' grace period, counts as a hand needed).
   */
  async terminate(r: Replica): Promise<number> {
    r.planned = false;
    r.terminating = true;
    const running = r.running;
    if (!running) {
      return 0;
    }
    const started = Date.now();
    const exited = new Promise((resolve) => running.process.once('exit', resolve));
    running.process.kill('SIGTERM');
    const grace = setTimeout(() => {
      this.hands.push({
        at: Date.now(),
        replica: r.name,
        what: 'still running 30 s after SIGTERM: SIGKILLed',
      });
      running.process.kill('SIGKILL');
    }, 30_000);
    await exited;
    clearTimeout(grace);
    r.running = undefined;
    this.outOfService(r);
    return Date.now() - started;
  }

  /** A replica whose process is gone has no endpoint, whether the probe has run since or not. */
  private outOfService(r: Replica): void {
    if (r.ready) {
      r.ready = false;
      this.readiness.push({ at: Date.now(), replica: r.name, ready: false });
    }
  }

  /** SIGSTOP / SIGCONT of a replica's process (frozen, not dead: its sockets stay open). */
  signal(r: Replica, signal: 'SIGSTOP' | 'SIGCONT'): void {
    r.running?.process.kill(signal);
  }

  /** The Service's endpoints for an app: ready replicas not being terminated, round-robin. */
  endpoint(app: AppName): Replica | undefined {
    const live = this.of(app).filter((r) => r.ready && !r.terminating && r.running);
    if (live.length === 0) {
      return undefined;
    }
    return live[this.next++ % live.length];
  }

  allReady(): boolean {
    return this.replicas.every((r) => r.ready);
  }

  /**
   * Until the readiness probe has taken the replica back into the Service, as a rolling update waits for the
   * new pod's readiness before it stops the next one (the app's own start only waited for its health answer).
   */
  async inService(r: Replica, timeoutMs = 60_000): Promise<void> {
    await until(`${r.name} back in the Service`, () => Promise.resolve(r.ready), timeoutMs, 100);
  }

  /**
   * Kubernetes' readiness probe, tighter: every 500 ms, a 1 s timeout, unready after two failures in a row (at
   * once when the process is gone), ready after one success.
   */
  private async checkReadiness(): Promise<void> {
    if (this.probing) {
      return;
    }
    this.probing = true;
    await Promise.all(
      this.replicas.map(async (r) => {
        const ok = r.running
          ? await fetch(`${r.url}/health/ready`, { signal: AbortSignal.timeout(1000) }).then(
              (res) => res.status === 200,
              () => false,
            )
          : false;
        r.failures = ok ? 0 : r.failures + 1;
        const ready = ok || (r.ready && r.running !== undefined && r.failures < 2);
        if (ready !== r.ready) {
          r.ready = ready;
          this.readiness.push({ at: Date.now(), replica: r.name, ready });
        }
      }),
    );
    this.probing = false;
  }

  async stopAll(): Promise<void> {
    clearInterval(this.probe);
    for (const r of this.replicas) {
      r.planned = false;
    }
    await Promise.all(this.replicas.map((r) => (r.running ? stopApp(r.running) : Promise.resolve())));
  }
}

/** The PIDs of a process and of all its descendants (PostgreSQL's backends are the postmaster's children). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    all.push(...(children.get(all[i]) ?? []));
  }
  return all;
}

/** A PID recorded by scripts/stack.sh in the run's stack dir (kafka.pid, postgres-server.pid). */
export function stackPid(o: FaultsOptions, file: 'kafka.pid' | 'postgres-server.pid'): number {
  const pid = Number(readFileSync(join(o.stackDir, 'run', file), 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) {
    throw new Error(`no PID in ${o.stackDir}/run/${file}`);
  }
  return pid;
}

/** Signals a whole process tree: a frozen or killed PostgreSQL is the postmaster with all its backends. */
export function signalTree(pid: number, signal: NodeJS.Signals): void {
  for (const p of processTree(pid)) {
    try {
      process.kill(p, signal);
    } catch {
      // exited meanwhile
    }
  }
}
