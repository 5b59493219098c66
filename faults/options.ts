import { join } from 'node:path';
import { int, ROOT } from '../bench/options';
import type { AppName } from '../bench/system';

/** The faults, in the order a full run injects them (one at a time, with recovery between). */
export const ALL_FAULTS = [
  'kill-one',
  'kill-both',
  'rolling-restart',
  'kafka-kill',
  'kafka-stop',
  'postgres-kill',
  'postgres-stop',
  'reads-gone',
] as const;
export type FaultName = (typeof ALL_FAULTS)[number];

/** What `--quick` runs when no `--fault=` is given: one fault of each kind of dependency, with short outages. */
const QUICK_FAULTS: FaultName[] = ['kill-one', 'kafka-stop', 'postgres-stop'];

/** Everything `npm run faults` can be told, from the environment, `--fault=a,b` and `--quick`. */
export function faultsOptions(argv = process.argv.slice(2)) {
  const quick = argv.includes('--quick') || process.env.FAULTS_QUICK === '1';
  const arg = argv.find((a) => a.startsWith('--fault='));
  const faults = arg
    ? (arg.slice('--fault='.length).split(',').filter(Boolean) as FaultName[])
    : quick
      ? QUICK_FAULTS
      : [...ALL_FAULTS];
  for (const f of faults) {
    if (!ALL_FAULTS.includes(f)) {
      throw new Error(`--fault: unknown ${f}; choose from ${ALL_FAULTS.join(',')}`);
    }
  }
  // Below Linux's ephemeral range (32768-60999): a port the harness closes for an outage (a read port cut) must not
  // be taken meanwhile as the local port of some outgoing connection, or it cannot listen on it again.
  const portBase = int('FAULTS_PORT_BASE', 27080);
  if (int('FAULTS_DB_PORT', 25432) === 5432) {
    throw new Error(
      'FAULTS_DB_PORT=5432: the harness kills and freezes its PostgreSQL; give it a private port',
    );
  }
  /** Replica r of an app listens on ports[app][r]. */
  const replicaPorts = (offset: number): [number, number] => [portBase + offset, portBase + offset + 1];
  return {
    faults,
    quick,
    /** Registered devices of the fleet (seeded), which send heartbeats and read their configuration. */
    devices: int('FAULTS_DEVICES', 200),
    /** Offered heartbeats per second (over all devices), configuration reads per second. */
    heartbeatRate: int('FAULTS_HEARTBEAT_RATE', 60),
    readRate: int('FAULTS_READ_RATE', 30),
    /** New devices per minute that enrol (an auto-approval rule lets them in) and register. */
    enrolPerMinute: int('FAULTS_ENROL_PER_MINUTE', 30),
    /** Management writes per minute, in turn: an approval, a label change, a workload edit. */
    writesPerMinute: int('FAULTS_WRITES_PER_MINUTE', 60),
    /** The client's timeout for Edge API calls (the Edge API's own is 1 s-class) and management calls. */
    edgeTimeoutMs: int('FAULTS_EDGE_TIMEOUT_MS', 1000),
    managementTimeoutMs: int('FAULTS_MANAGEMENT_TIMEOUT_MS', 5000),
    /** How long a SIGSTOP (Kafka, PostgreSQL, the config services' read ports) lasts. */
    outageS: int('FAULTS_OUTAGE_S', quick ? 10 : 30),
    /** How long a SIGKILLed replica (or pair) stays down before the plan restarts it. */
    restartAfterS: int('FAULTS_RESTART_AFTER_S', quick ? 5 : 10),
    /** Load before each fault (the baseline its window is compared with). */
    steadyS: int('FAULTS_STEADY_S', quick ? 5 : 10),
    /** After a fault, the longest the system may take to be ready everywhere with its lag drained. */
    settleTimeoutS: int('FAULTS_SETTLE_TIMEOUT_S', 120),
    /** Targets: seconds from the dependency's return to the first 2xx; an event's delay by a replica's death. */
    recoveryTargetS: int('FAULTS_RECOVERY_TARGET_S', 10),
    delayTargetS: int('FAULTS_DELAY_TARGET_S', 10),
    partitions: int('FAULTS_PARTITIONS', 6),
    portBase,
    replicaPorts: {
      gateway: replicaPorts(0),
      'config-service': replicaPorts(2),
      'registration-worker': replicaPorts(4),
      'heartbeat-worker': replicaPorts(6),
    } satisfies Record<AppName, [number, number]>,
    /**
     * Gateway r reads from config service r, through a pass-through the harness can cut (the read port gone):
     * the gateways dial `readPorts`, the config services listen on `configServiceReadPorts`.
     */
    readPorts: replicaPorts(11),
    configServiceReadPorts: replicaPorts(13),
    kafkaBrokers: process.env.FAULTS_KAFKA_BROKERS ?? '127.0.0.1:29092',
    /** The private PostgreSQL: started by the harness (scripts/stack.sh, embedded), never the shared server. */
    db: {
      host: '127.0.0.1',
      port: int('FAULTS_DB_PORT', 25432),
      user: 'postgres',
      password: '',
      database: process.env.FAULTS_DB_NAME ?? 'flotta_faults',
    },
    stackDir: process.env.FAULTS_STACK_DIR ?? join(ROOT, '.stack', 'faults'),
    out: process.env.FAULTS_OUT ?? join(ROOT, 'faults', 'results', 'latest'),
    /** Apps whose replicas run with `--cpu-prof` (profiles in <stackDir>/profiles, one per replica). */
    profile: (process.env.FAULTS_PROFILE ?? '').split(',').filter(Boolean),
    keepStack: process.env.FAULTS_KEEP_STACK === '1',
  };
}

export type FaultsOptions = ReturnType<typeof faultsOptions>;
