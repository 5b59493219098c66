import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type BenchOptions, ROOT } from './options';

/** What the figures were taken on. */
export async function machine(o: Pick<BenchOptions, 'db'>): Promise<Record<string, unknown>> {
  const kafkaJar = (() => {
    try {
      return readdirSync(join(ROOT, '.stack', 'kafka', 'libs')).find((f) =>
        /^kafka_2\.\d+-[\d.]+\.jar$/.test(f),
      );
    } catch {
      return undefined;
    }
  })();
  let postgres = 'unknown';
  const client = new Client({ ...o.db, database: 'postgres' });
  try {
    await client.connect();
    postgres = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v;
  } catch {
    // Reported as unknown.
  } finally {
    await client.end().catch(() => undefined);
  }
  const os = (() => {
    try {
      return /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
    } catch {
      return undefined;
    }
  })();
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: os ?? process.platform,
    node: process.version,
    kafka: kafkaJar ? kafkaJar.replace(/^kafka_[\d.]+-/, '').replace(/\.jar$/, '') : 'unknown',
    postgres,
    loadAverageAtEnd: loadavg().map((n) => Math.round(n * 100) / 100),
    note: 'every component and the load generator on this one machine',
  };
}
