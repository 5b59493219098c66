import { dataSourceOptions } from '@lib/database';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../support/test-env';

describe('migrations', () => {
  const { db } = testConfig();
  const name = `flotta_drift_${randomUUID().slice(0, 8)}`;
  const admin = new Client({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: 'postgres',
  });
  let dataSource: DataSource;

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    dataSource = new DataSource(dataSourceOptions({ ...db, name }, 'drift-check'));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it('bring an empty database exactly to the entities: nothing left to generate', async () => {
    await dataSource.runMigrations({ transaction: 'each' });
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('each revert cleanly, down to an empty schema', async () => {
    while (
      await dataSource
        .showMigrations()
        .then(() => dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM migrations'))
        .then((r) => Number(r[0].n) > 0)
    ) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    const tables = await dataSource.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
    );
    expect(tables).toEqual([]);
  });
});
