import type { AppConfig } from '@lib/config';
import type { DataSourceOptions } from 'typeorm';
import { type ConnectionGate, gatedClient } from './connection-gate';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

type Bounds = 'connectTimeoutMs' | 'statementTimeoutMs' | 'lockTimeoutMs' | 'idleInTransactionTimeoutMs';

/** The connection settings; without the bounds (a setup script, the bench) nothing is bounded. */
export type DbSettings = Omit<AppConfig['db'], Bounds> & Partial<Pick<AppConfig['db'], Bounds>>;

/**
 * The pg pool's bounds (docs/operations.md#failure-behaviour): a dead database fails a request at once, a frozen
 * one within DB_CONNECT_TIMEOUT_MS (getting a connection) or DB_STATEMENT_TIMEOUT_MS (a statement: the server
 * cancels it, and the client stops waiting for a server that answers nothing), and no request waits for a lock
 * or holds a transaction open without end. Migrations are not bounded: they may rewrite a big table.
 */
function poolBounds(db: DbSettings, boundStatements: boolean): Record<string, number> {
  const bounds: Record<string, number> = {};
  if (db.connectTimeoutMs !== undefined) {
    bounds.connectionTimeoutMillis = db.connectTimeoutMs;
  }
  if (boundStatements && db.statementTimeoutMs !== undefined) {
    bounds.statement_timeout = db.statementTimeoutMs;
    // A little later than the server's own bound, so that a live server's cancellation (57014) is what shows.
    bounds.query_timeout = db.statementTimeoutMs + 500;
  }
  if (boundStatements && db.lockTimeoutMs !== undefined) {
    bounds.lock_timeout = db.lockTimeoutMs;
  }
  if (boundStatements && db.idleInTransactionTimeoutMs !== undefined) {
    bounds.idle_in_transaction_session_timeout = db.idleInTransactionTimeoutMs;
  }
  return bounds;
}

/** One definition of the connection for the apps, the CLI and the tests. Schema changes only by migration. */
export function dataSourceOptions(
  db: DbSettings,
  appName: string,
  { boundStatements = true }: { boundStatements?: boolean } = {},
): DataSourceOptions {
  const gate: ConnectionGate = { open: true };
  return {
    type: 'postgres',
    host: db.host,
    port: db.port,
    username: db.user,
    password: db.password,
    database: db.name,
    ssl: db.ssl ? { rejectUnauthorized: true } : false,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install, no superuser needed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn'],
    applicationName: appName,
    // The pool's Client class refuses to connect while its gate is closed; the gate rides along for the
    // DatabaseWatch (`gateOf`).
    extra: {
      max: db.poolSize,
      ...poolBounds(db, boundStatements),
      Client: gatedClient(gate),
      connectionGate: gate,
    },
  };
}

/** The gate of a data source made by dataSourceOptions(); undefined for any other. */
export function gateOf(options: DataSourceOptions): ConnectionGate | undefined {
  return (options.extra as { connectionGate?: ConnectionGate } | undefined)?.connectionGate;
}
