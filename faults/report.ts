import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Latency, summarise } from '../bench/stats';
import type { Accounting } from './accounting';
import type { Hand, ReadinessChange } from './cluster';
import { type Call, EDGE_KINDS, is2xx, type Kind, NO_ENDPOINT, REFUSED, TIMEOUT, WRITE_KINDS } from './load';
import type { FaultsOptions } from './options';
import type { Injection } from './plan';

export interface Target {
  target: string;
  value: string | number;
  met: boolean;
}

export interface FaultResult {
  name: string;
  what: string;
  loadAverage: number[];
  /** Seconds: fault → dependency back, dependency back → settled. */
  outageS: number;
  settleS: number | null;
  /** Answers from the fault until settled, per kind: `2xx`, `503+RA`, `503`, `404 CODE`, `timeout`, ... */
  answers: Record<string, Record<string, number>>;
  latencyMs: Record<string, Latency>;
  /** Per kind that failed at all: seconds from the dependency's return to its first 2xx (null: none). */
  recoveryS: Record<string, number | null>;
  readiness: string[];
  maxLag: number;
  /** Longest a heartbeat answered 2xx waited to show in the read model. */
  maxHeartbeatDelayS: number;
  hands: Hand[];
  steps: string[];
  /** The calls that failed (neither 2xx nor a right answer), by replica and answer, with when they came. */
  failures: string[];
  targets: Target[];
}

const label = (c: Call): string => {
  if (c.status === TIMEOUT) return 'timeout';
  if (c.status === REFUSED) return c.code ? `refused ${c.code}` : 'refused';
  if (c.status === NO_ENDPOINT) return 'no endpoint';
  if (is2xx(c.status)) return '2xx';
  if (c.status === 503) return c.retryAfter ? '503+RA' : '503 no Retry-After';
  return `${c.status}${c.code ? ` ${c.code}` : ''}`;
};

/** An answer that is right even though it is not 2xx: a step the client repeats by design. */
const expected = (c: Call): boolean =>
  // Approving an enrolment the read model has not seen yet; asking for a registration not yet approved.
  (c.kind === 'approve' && c.status === 404) || (c.kind === 'registration-get' && c.status === 404);

/** A 4xx the client should never get: its device exists, its body is right (a 404 for a registered device). */
const wrong = (c: Call): boolean => c.status >= 400 && c.status < 500 && c.status !== 429 && !expected(c);

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** The figures and targets of one injection, from the calls made between its start and its settling. */
export function evaluate(
  o: FaultsOptions,
  injection: Injection,
  calls: Call[],
  readiness: ReadinessChange[],
  hands: Hand[],
  delays: [number, number][],
  lagSamples: [number, number][],
  loadAverage: number[],
): FaultResult {
  const end = injection.settledAt ?? Date.now();
  const inWindow = calls.filter((c) => c.at >= injection.startedAt && c.at <= end);
  const answers: Record<string, Record<string, number>> = {};
  const latencies: Record<string, number[]> = {};
  for (const c of inWindow) {
    const byStatus = (answers[c.kind] ??= {});
    byStatus[label(c)] = (byStatus[label(c)] ?? 0) + 1;
    (latencies[c.kind] ??= []).push(c.ms);
  }
  const latencyMs = Object.fromEntries(Object.entries(latencies).map(([k, v]) => [k, summarise(v)]));

  const recoveryS: Record<string, number | null> = {};
  for (const kind of [...new Set(inWindow.map((c) => c.kind))]) {
    const ofKind = inWindow.filter((c) => c.kind === kind);
    if (ofKind.every((c) => is2xx(c.status) || expected(c))) {
      continue;
    }
    // A right answer that is not 2xx (an approval of an enrolment the read model has yet to see) shows the kind
    // answering again as well: approvals are few, and which enrolment one meets is chance.
    // Searched past the settling too: a kind called seldom (a write every 3 s) may have no call before it.
    const first = calls
      .filter(
        (c) => c.kind === kind && (is2xx(c.status) || expected(c)) && c.at + c.ms >= injection.returnedAt,
      )
      .reduce((m, c) => Math.min(m, c.at + c.ms), Infinity);
    recoveryS[kind] = first === Infinity ? null : round1((first - injection.returnedAt) / 1000);
  }

  const steps = injection.steps.map((s) => `+${round1((s.at - injection.startedAt) / 1000)} s ${s.what}`);
  const readinessInWindow = readiness
    .filter((r) => r.at >= injection.startedAt && r.at <= end)
    .map(
      (r) =>
        `+${round1((r.at - injection.startedAt) / 1000)} s ${r.replica} ${r.ready ? 'ready' : 'unready'}`,
    );
  const failed = new Map<string, number[]>();
  for (const c of inWindow) {
    if (!is2xx(c.status) && !expected(c)) {
      const key = `${c.target} ${c.kind} ${label(c)}`;
      failed.set(key, [...(failed.get(key) ?? []), c.at - injection.startedAt]);
    }
  }
  const failures = [...failed].map(([key, ats]) => {
    const [first, last] = [Math.min(...ats), Math.max(...ats)].map((ms) => round1(ms / 1000));
    return `${key} ×${ats.length} (sent +${first}${last > first ? ` to +${last}` : ''} s)`;
  });
  const handsInWindow = hands.filter((h) => h.at >= injection.startedAt && h.at <= end);
  const maxDelay = delays
    .filter(([answeredAt]) => answeredAt >= injection.startedAt && answeredAt <= end)
    .reduce((m, [, d]) => Math.max(m, d), 0);
  const maxLag = lagSamples
    .filter(([at]) => at >= injection.startedAt && at <= end)
    .reduce((m, [, lag]) => Math.max(m, lag), 0);

  const count = (pred: (c: Call) => boolean, kinds?: Kind[]) =>
    inWindow.filter((c) => (!kinds || kinds.includes(c.kind)) && pred(c)).length;
  const killed = injection.fault === 'kill-one' || injection.fault === 'kill-both';
  const targets: Target[] = [
    { target: '5xx other than 503', value: count((c) => c.status >= 500 && c.status !== 503), met: false },
    { target: '503 without Retry-After', value: count((c) => c.status === 503 && !c.retryAfter), met: false },
    {
      target: `Edge API calls past ${o.edgeTimeoutMs} ms (timeouts)`,
      value: count((c) => c.status === TIMEOUT, EDGE_KINDS),
      met: false,
    },
    {
      target: `management calls past ${o.managementTimeoutMs} ms (timeouts)`,
      value: count((c) => c.status === TIMEOUT, WRITE_KINDS),
      met: false,
    },
    { target: 'wrong answers (4xx for a good request)', value: count(wrong), met: false },
  ];
  if (!killed) {
    // A connection refused by a replica just SIGKILLed, before its probe failed, is what a Service gives too.
    targets.push({ target: 'connections refused', value: count((c) => c.status === REFUSED), met: false });
  }
  if (injection.fault !== 'kill-both') {
    // Every replica of an app unready at once: a Service without endpoints refuses the connection, which is
    // neither a 2xx nor a 503 (only killing both replicas may cause it).
    targets.push({
      target: 'calls meeting no ready replica (a Service refuses them)',
      value: count((c) => c.status === NO_ENDPOINT),
      met: false,
    });
  }
  for (const t of targets) {
    t.met = t.value === 0;
  }
  const worstRecovery = Object.values(recoveryS).reduce<number | null>(
    (m, s) => (s === null || m === null ? null : Math.max(m, s)),
    0,
  );
  targets.push({
    target: `first 2xx ≤ ${o.recoveryTargetS} s after the dependency is back (every kind)`,
    value: worstRecovery === null ? 'never' : worstRecovery,
    met: worstRecovery !== null && worstRecovery <= o.recoveryTargetS,
  });
  targets.push({
    target: 'ready everywhere and lag drained again (settled)',
    value: injection.settledAt
      ? `${round1((injection.settledAt - injection.returnedAt) / 1000)} s`
      : `no (${injection.unsettled ?? '?'})`,
    met: injection.settledAt !== null,
  });
  targets.push({
    target: 'processes that needed a hand',
    value: handsInWindow.length,
    met: handsInWindow.length === 0,
  });
  if (injection.fault === 'postgres-kill' || injection.fault === 'postgres-stop') {
    const failedReads = count((c) => !is2xx(c.status), ['read']);
    targets.push({
      target: 'configuration reads not 2xx (database outage)',
      value: failedReads,
      met: failedReads === 0,
    });
  }
  if (injection.fault === 'kill-one' || injection.fault === 'rolling-restart') {
    targets.push({
      target: `heartbeat delayed ≤ ${o.delayTargetS} s by a replica's death`,
      value: `${round1(maxDelay / 1000)} s`,
      met: maxDelay <= o.delayTargetS * 1000,
    });
  }
  if (injection.fault === 'rolling-restart') {
    const failed = count((c) => !is2xx(c.status) && !expected(c));
    targets.push({ target: 'failed requests during the rolling restart', value: failed, met: failed === 0 });
  }
  return {
    name: injection.name,
    what: injection.what,
    loadAverage,
    outageS: round1((injection.returnedAt - injection.startedAt) / 1000),
    settleS: injection.settledAt ? round1((injection.settledAt - injection.returnedAt) / 1000) : null,
    answers,
    latencyMs,
    recoveryS,
    readiness: readinessInWindow,
    maxLag,
    maxHeartbeatDelayS: round1(maxDelay / 1000),
    hands: handsInWindow,
    steps,
    failures,
    targets,
  };
}

function accountingLines(a: Accounting): string[] {
  const h = a.heartbeats;
  const w = a.workloads;
  return [
    '| What | Answered 2xx | Where it belongs | Missing / wrong |',
    '| --- | --- | --- | --- |',
    `| heartbeats | ${h.answered2xx} | recorded once: ${h.answered2xx - h.lost - h.doubledInDb}; on device.heartbeat.v1: ${h.answered2xx - h.missingOnTopic} (duplicates ${h.duplicatesOnTopic}, with another eventId ${h.duplicatesWithOtherEventId}) | lost ${h.lost}, doubled ${h.doubledInDb}, missing on topic ${h.missingOnTopic} (recorded though not acknowledged: ${h.recordedUnacknowledged}) |`,
    `| enrolments | ${a.enrolments.answered2xx} | in the registry: ${a.enrolments.inRegistry} | ${a.enrolments.missing.join(', ') || '0'} |`,
    `| registrations | ${a.registrations.answered2xx} | registered: ${a.registrations.registered} | ${a.registrations.missing.join(', ') || '0'} |`,
    `| approvals | ${a.approvals.answered2xx} | approved: ${a.approvals.approved}; audited: ${a.approvals.audited} | ${a.approvals.missing.join(', ') || '0'} |`,
    `| label changes | ${a.labels.answered2xx} | registry: ${a.labels.inRegistry}; read model: ${a.labels.inReadModel}; audited: ${a.labels.audited} | ${a.labels.missing.join(', ') || '0'} |`,
    `| workload edits | ${w.answered2xx} | stored tag ${w.storedTag ?? '-'} (${w.storedTagExpected ? 'the last acknowledged' : 'NOT the last acknowledged'}); rendered on ${w.devicesRendered}/${w.devicesTargeted} devices; audited: ${w.audited} | ${w.storedTagExpected && (w.answered2xx === 0 || w.devicesRendered === w.devicesTargeted) ? '0' : 'see left'} |`,
    `| read model | ${a.readModel.devices} devices | revision = registry's: ${a.readModel.devices - a.readModel.revisionMismatches} | ${a.readModel.missing.join(', ') || '0'} |`,
  ];
}

/** Writes `<out>.json` and `<out>.md`; returns the Markdown. */
export function writeReport(
  out: string,
  results: {
    startedAt: string;
    durationS: number;
    command: string;
    commit: string;
    complete: boolean;
    error?: string;
    machine: Record<string, unknown>;
    loadAverageBefore: number[];
    faults: FaultResult[];
    accounting?: Accounting;
    targetsMet: boolean;
  },
): string {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.json`, `${JSON.stringify(results, null, 2)}\n`);
  const m = results.machine;
  const lines = [
    '# Faults: latest run',
    '',
    `\`${results.command}\` at commit \`${results.commit}\`, ${results.startedAt}, ${results.durationS} s; ` +
      `${String(m.cpuModel)}, ${String(m.cores)} cores, ${String(m.memoryGb)} GB, Node ${String(m.node)}, ` +
      `Kafka ${String(m.kafka)}, PostgreSQL ${String(m.postgres)}. Load average before: ${results.loadAverageBefore.join(' ')}, ` +
      `at the end: ${(m.loadAverageAtEnd as number[]).join(' ')}.`,
    '',
    results.complete ? '' : `**The run did not complete**: ${results.error ?? 'see the log'}.`,
    `**Targets ${results.targetsMet ? 'all met' : 'missed'}.** Per fault: answers from the fault until settled, by kind.`,
    '',
  ];
  for (const f of results.faults) {
    lines.push(
      `## ${f.name}`,
      '',
      `${f.what}. Load average ${f.loadAverage.join(' ')}; outage ${f.outageS} s; settled ${f.settleS ?? 'never'} s after; max consumer lag ${f.maxLag}.`,
      '',
    );
    lines.push('| Target | Value | Met |', '| --- | --- | --- |');
    for (const t of f.targets) {
      lines.push(`| ${t.target} | ${t.value} | ${t.met ? 'yes' : '**no**'} |`);
    }
    lines.push(
      '',
      '| Kind | Answers | p50 / p99 / max ms | First 2xx after return (s) |',
      '| --- | --- | --- | --- |',
    );
    for (const [kind, byStatus] of Object.entries(f.answers)) {
      const l = f.latencyMs[kind];
      const answers = Object.entries(byStatus)
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ');
      lines.push(
        `| ${kind} | ${answers} | ${l.p50} / ${l.p99} / ${l.max} | ${kind in f.recoveryS ? (f.recoveryS[kind] ?? 'never') : '-'} |`,
      );
    }
    lines.push(
      '',
      `Steps: ${f.steps.join('; ')}.`,
      '',
      `Readiness: ${f.readiness.join('; ') || 'no change'}.`,
      '',
    );
    if (f.failures.length > 0) {
      lines.push(`Failed calls: ${f.failures.join('; ')}.`, '');
    }
    if (f.hands.length > 0) {
      lines.push(`Hands needed: ${f.hands.map((h) => `${h.replica} ${h.what}`).join('; ')}.`, '');
    }
  }
  if (results.accounting) {
    lines.push(
      '## Accounting',
      '',
      `After the load stopped and the system settled: **${results.accounting.ok ? 'everything acknowledged is where it belongs' : 'something acknowledged is missing or doubled'}**.`,
      '',
    );
    lines.push(...accountingLines(results.accounting), '');
  }
  const md = lines.join('\n');
  writeFileSync(`${out}.md`, md);
  return md;
}
