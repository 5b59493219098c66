import { Pool } from 'pg';
import { testConfig } from './test-env';

/** Direct reads of the database for assertions (the apps own the writes). */
export function testPool(): Pool {
  const { db } = testConfig();
  return new Pool({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.name,
    max: 2,
  });
}
