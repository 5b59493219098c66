import type { AppConfig } from '@lib/config';
import { Client, type ClientConfig } from 'pg';

/**
 * A connection of its own, outside the pool, named `<app>-<purpose>` in pg_stat_activity: for what must not wait
 * behind the pool's queries (a LISTEN, a liveness probe). Bounded by DB_CONNECT_TIMEOUT_MS like the pool.
 */
export function dedicatedConnection(
  config: Pick<AppConfig, 'app' | 'db'>,
  purpose: string,
  extra: Partial<ClientConfig> = {},
): Client {
  const { db } = config;
  return new Client({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.name,
    ssl: db.ssl ? { rejectUnauthorized: true } : false,
    application_name: `${config.app}-${purpose}`,
    connectionTimeoutMillis: db.connectTimeoutMs,
    ...extra,
  });
}
