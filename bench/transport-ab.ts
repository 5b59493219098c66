import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A/B of the transports' hot paths: the bench's short run (`--scenario=storm,reads,heartbeats` with a small fleet
 * and short runs) on two or more built trees, alternating between them round after round, because a shared
 * machine's noise drifts. Prints the CPU each app spent per configuration read, per storm device (the
 * registration worker's and the config service's batch consumers) and per heartbeat (the heartbeat worker's).
 * CPU per unit of work holds better than rates when something else shares the machine; compare like rounds.
 *
 *   npm run build && node dist/bench/transport-ab.js before=/path/to/main after=. [--rounds=2]
 *
 * Each tree must have been built (`dist/bench/run.js`). The bench's own variables apply (BENCH_PORT_BASE,
 * BENCH_KAFKA_BROKERS, BENCH_DB_NAME, BENCH_STACK_DIR); the sizes below are set unless already set.
 */
const SHORT_RUN: Record<string, string> = {
  BENCH_STORM_DEVICES: '1000',
  BENCH_DEVICES: '1000',
  BENCH_DURATION_S: '10',
  BENCH_HEARTBEAT_S: '10',
  BENCH_RATE_STEPS: '',
  BENCH_ENROL_POLL_MS: '2000',
};

interface Results {
  complete: boolean;
  scenarios: {
    storm?: { cpuSeconds: Record<string, number> };
    reads?: { ours: { requests: number }; cpuSeconds: Record<string, number> }[];
    heartbeats?: {
      max: { counts: { accepted: number } };
      sustained: { counts: { accepted: number } };
      cpuSeconds: Record<string, number>;
    };
  };
}

const ms = (cpuS: number | undefined, n: number): string =>
  cpuS === undefined ? '-' : ((cpuS * 1000) / Math.max(1, n)).toFixed(3);

function figures(r: Results, devices: number): string[] {
  const { storm, reads, heartbeats } = r.scenarios;
  const read = reads?.[0];
  const served = read?.ours.requests ?? 0;
  const accepted = (heartbeats?.max.counts.accepted ?? 0) + (heartbeats?.sustained.counts.accepted ?? 0);
  return [
    ms(read?.cpuSeconds.gateway, served),
    ms(read?.cpuSeconds['config-service'], served),
    ms(storm?.cpuSeconds['registration-worker'], devices),
    ms(storm?.cpuSeconds['config-service'], devices),
    ms(heartbeats?.cpuSeconds['heartbeat-worker'], accepted),
    ms(heartbeats?.cpuSeconds.gateway, accepted),
  ];
}

function main(): void {
  const args = process.argv.slice(2);
  const rounds = Number(args.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 2);
  const trees = args.filter((a) => a.includes('=') && !a.startsWith('--')).map((a) => a.split('='));
  if (trees.length < 2) {
    throw new Error('usage: node dist/bench/transport-ab.js before=<tree> after=<tree> [--rounds=N]');
  }
  const env = { ...process.env };
  for (const [name, value] of Object.entries(SHORT_RUN)) {
    env[name] ??= value;
  }
  const rows = [
    '| round | tree | read: gateway ms | read: config-service ms | storm device: registration-worker ms | storm device: config-service ms | heartbeat: heartbeat-worker ms | heartbeat: gateway ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (let round = 1; round <= rounds; round++) {
    for (const [label, tree] of trees) {
      const out = join(env.BENCH_STACK_DIR ?? '/tmp', `transport-ab-${label}-${round}`);
      const run = spawnSync(
        process.execPath,
        [join(tree, 'dist', 'bench', 'run.js'), '--scenario=storm,reads,heartbeats'],
        { env: { ...env, BENCH_OUT: out }, stdio: ['ignore', 'inherit', 'inherit'] },
      );
      const results = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as Results;
      const note = run.status === 0 && results.complete ? '' : ' (incomplete)';
      rows.push(
        `| ${round} | ${label}${note} | ${figures(results, Number(env.BENCH_STORM_DEVICES)).join(' | ')} |`,
      );
      process.stdout.write(`${rows.at(-1)}\n`);
    }
  }
  process.stdout.write(`\n${rows.join('\n')}\n`);
}

main();
