import { dataSourceOptions } from '@lib/database';
import { ensureTopics } from '@lib/kafka';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { type BenchOptions, ROOT } from './options';

export type AppName = 'gateway' | 'config-service' | 'registration-worker' | 'heartbeat-worker';
export const APPS: AppName[] = ['config-service', 'registration-worker', 'heartbeat-worker', 'gateway'];

const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);

/** Polls `check` every `everyMs` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 120_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** What scripts/stack.sh and the data setup need to know of a run. */
export type StackOptions = Pick<BenchOptions, 'stackDir' | 'kafkaBrokers' | 'db' | 'partitions'>;

export function stackEnv(o: StackOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    STACK_DIR: o.stackDir,
    KAFKA_BROKERS: o.kafkaBrokers,
    DB_HOST: o.db.host,
    DB_PORT: String(o.db.port),
    DB_USER: o.db.user,
    DB_PASSWORD: o.db.password,
    DB_NAME: o.db.database,
    STACK_SKIP_APP_SETUP: '1',
  };
}

/** Kafka (fresh data) and PostgreSQL through scripts/stack.sh, with the bench's own dir, port and database. */
export function stackUp(o: StackOptions): void {
  for (const cmd of ['clean', 'up']) {
    stackCommand(o, cmd);
  }
}

/** One `scripts/stack.sh <cmd>` with the run's dir, ports and database; throws when it fails. */
export function stackCommand(o: StackOptions, cmd: string): void {
  const r = spawnSync('bash', [join(ROOT, 'scripts', 'stack.sh'), cmd], {
    env: stackEnv(o),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) {
    throw new Error(`scripts/stack.sh ${cmd} failed (${r.status})`);
  }
}

export function stackDown(o: StackOptions): void {
  spawnSync('bash', [join(ROOT, 'scripts', 'stack.sh'), 'down'], { env: stackEnv(o), stdio: 'inherit' });
}

/** A fresh database with every migration, and every topic: the path a deployment takes. */
export async function prepareData(o: StackOptions): Promise<void> {
  const admin = new Client({ ...o.db, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${o.db.database}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${o.db.database}"`);
  } finally {
    await admin.end();
  }
  const dataSource = new DataSource(
    dataSourceOptions({ ...o.db, name: o.db.database, poolSize: 2, ssl: false }, 'bench-setup'),
  );
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  await ensureTopics({
    brokers: o.kafkaBrokers.split(','),
    clientId: 'bench',
    groupId: 'bench',
    publishTimeoutMs: 5000,
    producerLanes: 1,
    topicPartitions: o.partitions,
    replicationFactor: 1,
    partitionsConsumedConcurrently: 3,
    sessionTimeoutMs: 6000,
    heartbeatIntervalMs: 1000,
    rebalanceTimeoutMs: 10_000,
  });
}

/**
 * The management API's bearer token for this run: random, stored only as its SHA-256 in the tokens file the
 * config service reads (AUTH_TOKENS_FILE).
 */
export function adminToken(o: Pick<BenchOptions, 'stackDir'>): { token: string; file: string } {
  const token = randomBytes(32).toString('base64url');
  const sha256 = createHash('sha256').update(token).digest('hex');
  mkdirSync(o.stackDir, { recursive: true });
  const file = join(o.stackDir, 'bench-tokens.yaml');
  writeFileSync(
    file,
    `tokens:\n  - name: bench-admin\n    sha256: ${sha256}\n    roles: [admin]\n    namespaces: ["*"]\n`,
    { mode: 0o600 },
  );
  return { token, file };
}

/** What an app's environment and start need to know of a run (the bench's options, or the fault harness's). */
export type AppRunOptions = Pick<
  BenchOptions,
  'db' | 'kafkaBrokers' | 'partitions' | 'stackDir' | 'profile'
> & {
  ports: Pick<BenchOptions['ports'], AppName | 'configServiceTcp'>;
};

/** Environment of every app: production settings, the bench's ports, broker and database. */
export function appEnv(o: AppRunOptions, tokensFile: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    HTTP_HOST: '127.0.0.1',
    DB_HOST: o.db.host,
    DB_PORT: String(o.db.port),
    DB_USER: o.db.user,
    DB_PASSWORD: o.db.password,
    DB_NAME: o.db.database,
    KAFKA_BROKERS: o.kafkaBrokers,
    KAFKA_TOPIC_PARTITIONS: String(o.partitions),
    KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY: String(o.partitions),
    CONFIG_SERVICE_HOST: '127.0.0.1',
    CONFIG_SERVICE_TCP_PORT: String(o.ports.configServiceTcp),
    // One environment for every app: the config service and the gateway share the read port's secret, so the
    // bench measures the authenticated connection production runs.
    CONFIG_SERVICE_READ_SECRET: randomBytes(32).toString('base64'),
    SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    AUTH_TOKENS_FILE: tokensFile,
    // Node's own flags for the apps only (e.g. a heap bound, as a container's memory limit would set), not the
    // harness's.
    ...(process.env.BENCH_APP_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_APP_NODE_OPTIONS } : {}),
  };
}

export interface RunningApp {
  name: AppName;
  pid: number;
  url: string;
  process: ChildProcess;
}

/**
 * Starts a built app as its own process (logs in <stackDir>/logs/<logName>.log, `bench-<app>` unless told) and
 * waits until it is ready. `replica` runs one more copy of an app on a port of its own (the fault harness).
 */
export async function startApp(
  o: AppRunOptions,
  name: AppName,
  env: Record<string, string>,
  replica?: { port: number; logName: string },
): Promise<RunningApp> {
  const logs = join(o.stackDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const logName = replica?.logName ?? `bench-${name}`;
  const out = createWriteStream(join(logs, `${logName}.log`), { flags: replica ? 'a' : 'w' });
  const port = replica?.port ?? o.ports[name];
  const flags = o.profile.includes(name)
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${join(o.stackDir, 'profiles')}`,
        `--cpu-prof-name=${replica?.logName ?? name}.cpuprofile`,
      ]
    : [];
  const child = spawn(process.execPath, [...flags, join(ROOT, 'dist', 'apps', name, 'src', 'main.js')], {
    env: { ...process.env, ...env, HTTP_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  await until(
    `${name} ready`,
    async () => {
      if (exited) {
        throw new Error(`${name} exited during start; see ${logs}/${logName}.log`);
      }
      return (await fetch(`${url}/health/ready`)).status === 200;
    },
    120_000,
    250,
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  log(`${logName} ready (pid ${child.pid})`);
  return { name, pid: child.pid ?? 0, url, process: child };
}

export async function stopApp(app: RunningApp): Promise<void> {
  if (app.process.exitCode !== null || app.process.signalCode !== null) {
    return;
  }
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => app.process.kill('SIGKILL'), 20_000);
    app.process.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    app.process.kill('SIGTERM');
  });
}

/** Resident set size of a process, in MB (from /proc). */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 102.4) / 10;
  } catch {
    return 0;
  }
}

/** CPU time a process has used so far (user + system), in seconds (from /proc). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * Samples every app's RSS once a second; `mark()` starts a new window and returns the last one's RSS peaks and
 * the CPU seconds each app used in it (CPU per request holds even when another load shares the machine).
 */
export class RssSampler {
  private peaks: Record<string, number> = {};
  private cpuAtMark: Record<string, number> = {};
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly apps: () => { name: string; pid: number }[]) {
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref();
  }

  sample(): Record<string, number> {
    const now: Record<string, number> = {};
    for (const app of this.apps()) {
      now[app.name] = rssMb(app.pid);
      this.peaks[app.name] = Math.max(this.peaks[app.name] ?? 0, now[app.name]);
    }
    return now;
  }

  mark(): { rssPeakMb: Record<string, number>; cpuSeconds: Record<string, number> } {
    this.sample();
    const peaks = this.peaks;
    this.peaks = {};
    const cpu: Record<string, number> = {};
    for (const app of this.apps()) {
      const now = cpuSeconds(app.pid);
      cpu[app.name] = Math.round((now - (this.cpuAtMark[app.name] ?? 0)) * 100) / 100;
      this.cpuAtMark[app.name] = now;
    }
    return { rssPeakMb: peaks, cpuSeconds: cpu };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export { log };
