/** What the heartbeat worker and the registry know of a device of a started batch. */
export interface DeviceReport {
  /** The configuration version its last recorded heartbeat reported. */
  configVersion: string | null;
  /** Its workloads' statuses from that heartbeat (`{name, status}`, podman states as the agent sends them). */
  workloads: unknown[] | null;
  presence: string | null;
  /** Its registry state (`registered`, `decommissioned`, …); null if gone from the read model. */
  registryState: string | null;
}

export interface Expectation {
  targetVersion: string;
  workloads: string[];
  startedAt: Date;
  timeoutSeconds: number;
}

export type Outcome = { state: 'succeeded' } | { state: 'failed'; reason: string } | { state: 'updated' };

/** Statuses of a workload still coming up; `running` succeeds; any other status is a failure. */
const STARTING = new Set(['', 'created', 'deploying', 'initialized']);
const SERVED = new Set(['approved', 'registered']);

const statusesOf = (workloads: unknown[] | null): Map<string, string> =>
  new Map(
    (workloads ?? []).flatMap((w) => {
      const { name, status } = (w ?? {}) as { name?: unknown; status?: unknown };
      return typeof name === 'string' ? [[name, typeof status === 'string' ? status.toLowerCase() : '']] : [];
    }),
  );

const reached = (reported: string | null, target: string): boolean =>
  reported !== null && /^\d{1,18}$/.test(reported) && BigInt(reported) >= BigInt(target);

/**
 * Whether a device of a started batch succeeded (its heartbeat reports the new version, or a later one, and every
 * workload of that version running), failed (a workload of that version failing, or the timeout passed), or is
 * still pending.
 */
export function judgeDevice(expected: Expectation, report: DeviceReport, now: Date): Outcome {
  const statuses = statusesOf(report.workloads);
  if (reached(report.configVersion, expected.targetVersion)) {
    const failing = expected.workloads.find((w) => {
      const status = statuses.get(w);
      return status !== undefined && status !== 'running' && !STARTING.has(status);
    });
    if (failing) {
      return { state: 'failed', reason: `workload ${failing} is ${statuses.get(failing)}` };
    }
    if (expected.workloads.every((w) => statuses.get(w) === 'running')) {
      return { state: 'succeeded' };
    }
  }
  if (now.getTime() - expected.startedAt.getTime() < expected.timeoutSeconds * 1000) {
    return { state: 'updated' };
  }
  return { state: 'failed', reason: `timed out: ${whyNot(expected, report, statuses)}` };
}

function whyNot(expected: Expectation, report: DeviceReport, statuses: Map<string, string>): string {
  if (report.registryState === null || !SERVED.has(report.registryState)) {
    return `device is ${report.registryState ?? 'gone'}`;
  }
  if (report.configVersion === null) {
    return 'no heartbeat';
  }
  if (report.presence === 'offline') {
    return 'device is offline';
  }
  if (!reached(report.configVersion, expected.targetVersion)) {
    return `reports version ${report.configVersion}, not ${expected.targetVersion}`;
  }
  const waiting = expected.workloads.find((w) => statuses.get(w) !== 'running') ?? '';
  return `workload ${waiting} is ${statuses.get(waiting) ?? 'not reported'}`;
}
