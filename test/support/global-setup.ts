import { dataSourceOptions } from '@lib/database';
import { ensureTopics } from '@lib/kafka';
import { Client } from 'pg';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import type { TestProject } from 'vitest/node';
import { type RunningApp, startApp } from './apps';
import { TEST_PORTS, appEnv, testConfig } from './test-env';

declare module 'vitest' {
  export interface ProvidedContext {
    gatewayUrl: string;
    configServiceUrl: string;
    registrationWorkerUrl: string;
    heartbeatWorkerUrl: string;
  }
}

/** A fresh database with every migration applied: the same path a deployment takes. */
async function recreateDatabase(): Promise<void> {
  const { db } = testConfig();
  const admin = new Client({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: 'postgres',
  });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${db.name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${db.name}"`);
  } finally {
    await admin.end();
  }
  const dataSource = new DataSource(dataSourceOptions(db, 'test-setup'));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await recreateDatabase();
  await ensureTopics(testConfig().kafka);
  const env = appEnv();
  const apps: RunningApp[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(apps.map((app) => app.stop()));
  };
  try {
    // The config service first: the gateway reads through it.
    apps.push(await startApp('config-service', TEST_PORTS['config-service'], env));
    const others = await Promise.allSettled([
      startApp('registration-worker', TEST_PORTS['registration-worker'], env),
      startApp('heartbeat-worker', TEST_PORTS['heartbeat-worker'], env),
      startApp('gateway', TEST_PORTS.gateway, env),
    ]);
    for (const started of others) {
      if (started.status === 'fulfilled') {
        apps.push(started.value);
      }
    }
    const failure = others.find((s) => s.status === 'rejected');
    if (failure) {
      throw failure.reason;
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const url = (name: RunningApp['name']): string => apps.find((a) => a.name === name)?.url ?? '';
  project.provide('gatewayUrl', url('gateway'));
  project.provide('configServiceUrl', url('config-service'));
  project.provide('registrationWorkerUrl', url('registration-worker'));
  project.provide('heartbeatWorkerUrl', url('heartbeat-worker'));
  return stopAll;
}
