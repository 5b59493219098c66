import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type ScenarioName = 'storm' | 'reads' | 'heartbeats' | 'fanout' | 'scale';
export const ALL_SCENARIOS: ScenarioName[] = ['storm', 'reads', 'heartbeats', 'fanout', 'scale'];

/** The repository: two levels up from dist/bench, one from bench/ (the smoke test runs the sources). */
export const ROOT = existsSync(join(__dirname, '..', 'package.json'))
  ? join(__dirname, '..')
  : join(__dirname, '..', '..');

/** `10%` → the percentage; empty → none. */
function rolloutBatches(raw: string): number | undefined {
  if (raw === '') {
    return undefined;
  }
  const match = /^([1-9][0-9]?)%$/.exec(raw);
  if (!match) {
    throw new Error(`BENCH_ROLLOUT_BATCHES=${raw}: expected a percentage such as 10%`);
  }
  return Number(match[1]);
}

/** A non-negative integer option from the environment (the fault harness reads its own the same way). */
export const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name}=${raw}: expected a non-negative integer`);
  }
  return value;
};

/** Everything `npm run bench` can be told, from the environment and `--scenario=a,b`. */
export function benchOptions(argv = process.argv.slice(2)) {
  const arg = argv.find((a) => a.startsWith('--scenario='));
  const scenarios = arg ? (arg.slice('--scenario='.length).split(',') as ScenarioName[]) : [...ALL_SCENARIOS];
  for (const s of scenarios) {
    if (!ALL_SCENARIOS.includes(s)) {
      throw new Error(`--scenario: unknown ${s}; choose from ${ALL_SCENARIOS.join(',')}`);
    }
  }
  const portBase = int('BENCH_PORT_BASE', 38080);
  const stackDir = process.env.BENCH_STACK_DIR ?? join(ROOT, '.stack', 'bench');
  return {
    scenarios,
    /** The large fleet (scenarios reads at scale, fan-out, scale). */
    devices: int('BENCH_DEVICES', 100_000),
    /** The first fleet, brought in by the enrolment storm. */
    stormDevices: int('BENCH_STORM_DEVICES', 10_000),
    /** Seconds of each configuration-read run. */
    durationS: int('BENCH_DURATION_S', 20),
    /** Seconds of each heartbeat run (full speed, then the sustained rate). */
    heartbeatS: int('BENCH_HEARTBEAT_S', 60),
    heartbeatRate: int('BENCH_HEARTBEAT_RATE', 2000),
    connections: int('BENCH_CONNECTIONS', 64),
    /** Partitions of every topic, and partitions each consumer works on at once (KAFKA_TOPIC_PARTITIONS). */
    partitions: int('BENCH_PARTITIONS', 6),
    /** Offered rates (requests/s) of the paced read runs behind the latency chart; empty for none. */
    rateSteps: (process.env.BENCH_RATE_STEPS ?? '2000,4000,6000,8000,10000')
      .split(',')
      .filter(Boolean)
      .map(Number),
    rateStepS: int('BENCH_RATE_STEP_S', 8),
    /** The storm gives up after this many seconds (the result then says how many devices made it). */
    stormTimeoutS: int('BENCH_STORM_TIMEOUT_S', 600),
    /** How often a waiting device re-enrols (the device-worker's own interval is 10 s). */
    enrolPollMs: int('BENCH_ENROL_POLL_MS', 10_000),
    /** Fan-out under a rollout policy of batches of this share (`10%`); empty: no policy. */
    rolloutBatches: rolloutBatches(process.env.BENCH_ROLLOUT_BATCHES ?? ''),
    portBase,
    ports: {
      gateway: portBase,
      'config-service': portBase + 1,
      'registration-worker': portBase + 2,
      'heartbeat-worker': portBase + 3,
      baseline: portBase + 9,
      configServiceTcp: portBase + 11,
    },
    kafkaBrokers: process.env.BENCH_KAFKA_BROKERS ?? '127.0.0.1:39092',
    db: {
      host: process.env.DB_HOST ?? '127.0.0.1',
      port: int('DB_PORT', 5432),
      user: process.env.DB_USER ?? 'postgres',
      password: process.env.DB_PASSWORD ?? '',
      database: process.env.BENCH_DB_NAME ?? 'flotta_bench',
    },
    stackDir,
    /** Results are written to `<out>.json` and `<out>.md` (and `<out>.svg`). */
    out: process.env.BENCH_OUT ?? join(ROOT, 'bench', 'results', 'latest'),
    /** Apps to run with `--cpu-prof` (profiles in <stackDir>/profiles). */
    profile: (process.env.BENCH_PROFILE ?? '').split(',').filter(Boolean),
    /** Leave the stack (Kafka, PostgreSQL) running at the end. */
    keepStack: process.env.BENCH_KEEP_STACK === '1',
    /** Skip `stack.sh` (the caller runs Kafka and PostgreSQL): the smoke test. */
    externalStack: process.env.BENCH_EXTERNAL_STACK === '1',
  };
}

export type BenchOptions = ReturnType<typeof benchOptions>;
