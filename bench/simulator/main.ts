import { configReads, enrolmentStorm, heartbeatsMax, heartbeatsPaced, waitServed } from './scenarios';

/**
 * The fleet simulator, a process of its own so that its CPU is not the system's: `node main.js '<json>'` with
 * `{ "scenario": "...", ...spec }`; prints `RESULT <json>` on stdout.
 */
const runners: Record<string, (spec: never) => Promise<unknown>> = {
  'config-reads': configReads,
  'heartbeats-max': heartbeatsMax,
  'heartbeats-paced': heartbeatsPaced,
  'enrolment-storm': enrolmentStorm,
  'wait-served': waitServed,
};

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as { scenario: string };
  const run = runners[spec.scenario];
  if (!run) {
    throw new Error(`unknown scenario ${spec.scenario}; one of ${Object.keys(runners).join(', ')}`);
  }
  const result = await run(spec as never);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
