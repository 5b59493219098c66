import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { LoadResult } from './simulator/load';
import type { PacedHeartbeatResult, StormResult } from './simulator/scenarios';

interface ReadsRun {
  devices: number;
  ours: LoadResult;
  baseline: LoadResult;
  ratioToBaseline: number;
  steps: { rate: number; ours: LoadResult; baseline: LoadResult }[];
  loadAverageBefore: number[];
  cpuSeconds?: Record<string, number>;
  /** Seconds of the sweep that read every device once before the measured runs. */
  warmUpS?: number;
}
interface HeartbeatCounts {
  accepted: number;
  recorded: number;
  lost: number;
  doubled: number;
  /** Absent from results before issue 18. */
  unconfirmed?: number;
  unconfirmedStored?: number;
  downstreamRepeats?: number;
}
interface Scenarios {
  storm?: StormResult & {
    allRegisteredInReadModelS: number | null;
    registeredInReadModel: number;
    loadAverageBefore: number[];
  };
  reads?: ReadsRun[];
  heartbeats?: {
    max: LoadResult & { counts: HeartbeatCounts };
    sustained: PacedHeartbeatResult & { counts: HeartbeatCounts };
    loadAverageBefore: number[];
    cpuSeconds?: Record<string, number>;
  };
  fanout?: {
    targeted: number;
    allServedS: number;
    /** Until every targeted device's stored configuration had a new version (absent in older results). */
    allRenderedS?: number;
    writeAnsweredS: number;
    /** Run under a rollout policy of batches of this percentage (BENCH_ROLLOUT_BATCHES). */
    rolloutBatchPercent?: number;
    readsMeanwhile: LoadResult;
    loadAverageBefore: number[];
  };
  scale?: { devices: number; rssMb: Record<string, number>; databaseMb: number; loadAverageBefore: number[] };
  [seed: string]: unknown;
}

export interface TargetRow {
  target: string;
  measured: string;
  met: boolean | null;
}

const READ_RPS = 10_000;
const READ_P99_MS = 20;

/** Reads meet the target at full speed, or at a paced 10,000/s that was delivered with p99 ≤ 20 ms. */
function readsMeet(run: ReadsRun): boolean {
  const full = run.ours.rps >= READ_RPS && run.ours.latencyMs.p99 <= READ_P99_MS && run.ours.non2xx === 0;
  const paced = run.steps.some(
    (s) => s.rate >= READ_RPS && s.ours.rps >= s.rate * 0.98 && s.ours.latencyMs.p99 <= READ_P99_MS,
  );
  return full || paced;
}

const fmtLoad = (r: LoadResult): string =>
  `${r.rps}/s, p50 ${r.latencyMs.p50} / p95 ${r.latencyMs.p95} / p99 ${r.latencyMs.p99} / max ${r.latencyMs.max} ms, ${r.non2xx + r.errors} errors`;

export function evaluateTargets(raw: Record<string, unknown>): TargetRow[] {
  const s = raw as Scenarios;
  const rows: TargetRow[] = [];
  for (const run of s.reads ?? []) {
    rows.push({
      target: `Configuration reads at ${run.devices} devices: ≥ 10,000/s with p99 ≤ 20 ms`,
      measured: fmtLoad(run.ours),
      met: readsMeet(run),
    });
    rows.push({
      target: `Configuration reads at ${run.devices} devices: ≥ 0.5 × baseline`,
      measured: `${run.ratioToBaseline} × (baseline ${run.baseline.rps}/s)`,
      met: run.ratioToBaseline >= 0.5,
    });
  }
  if ((s.reads?.length ?? 0) >= 2) {
    const [small, large] = [s.reads![0], s.reads![s.reads!.length - 1]];
    const ratio = Math.round((large.ours.rps / Math.max(1, small.ours.rps)) * 100) / 100;
    rows.push({
      target: `Read cost does not grow with the fleet (${large.devices} vs ${small.devices} devices)`,
      measured: `${ratio} × the rate; p99 ${large.ours.latencyMs.p99} vs ${small.ours.latencyMs.p99} ms`,
      met: ratio >= 0.9 && large.ours.latencyMs.p99 <= Math.max(READ_P99_MS, small.ours.latencyMs.p99 * 1.2),
    });
  }
  if (s.heartbeats) {
    const { max, sustained } = s.heartbeats;
    rows.push({
      target: 'Heartbeats: ≥ 5,000 accepted/s with p99 ≤ 50 ms',
      measured: fmtLoad(max),
      met: max.rps >= 5000 && max.latencyMs.p99 <= 50 && max.non2xx === 0,
    });
    rows.push({
      target: `Heartbeats at a sustained ${sustained.offeredRps}/s: end-to-end lag p99 < 1 s`,
      measured: `${sustained.acceptedPerS}/s accepted, lag p50 ${sustained.lagMs.p50} / p99 ${sustained.lagMs.p99} ms, answer p99 ${sustained.latencyMs.p99} ms`,
      met: sustained.lagMs.p99 < 1000 && sustained.acceptedPerS >= sustained.offeredRps * 0.98,
    });
    const lost = max.counts.lost + sustained.counts.lost;
    const doubled = max.counts.doubled + sustained.counts.doubled;
    const unconfirmedStored = (max.counts.unconfirmedStored ?? 0) + (sustained.counts.unconfirmedStored ?? 0);
    const repeats = (max.counts.downstreamRepeats ?? 0) + (sustained.counts.downstreamRepeats ?? 0);
    rows.push({
      target: 'Heartbeats: zero lost, zero doubled (sent = recorded)',
      measured: `accepted ${max.counts.accepted + sustained.counts.accepted}, recorded ${max.counts.recorded + sustained.counts.recorded}, lost ${lost}, doubled ${doubled}, unconfirmed but stored ${unconfirmedStored}, downstream repeats (same eventId) ${repeats}`,
      met: lost === 0 && doubled === 0,
    });
  }
  if (s.storm) {
    rows.push({
      target: `Enrolment storm: ${s.storm.devices} devices registered in < 60 s`,
      measured:
        s.storm.allRegisteredInReadModelS === null
          ? `not all within the time limit: ${s.storm.registeredInReadModel} of ${s.storm.devices} in the read model`
          : `${s.storm.allRegisteredInReadModelS} s (read model), ${s.storm.allRegisteredByApiS} s (last PUT registration answered)`,
      met: s.storm.allRegisteredInReadModelS !== null && s.storm.allRegisteredInReadModelS < 60,
    });
  }
  if (s.fanout?.rolloutBatchPercent !== undefined) {
    rows.push({
      target: `Fan-out to ${s.fanout.targeted} devices in batches of ${s.fanout.rolloutBatchPercent} % (a rollout policy)`,
      measured: `${s.fanout.allRenderedS ?? '?'} s until the last batch is rendered; ${s.fanout.allServedS} s until every device is served the change, each batch started once the previous one's heartbeats reported it running`,
      met: null,
    });
  } else if (s.fanout) {
    const r = s.fanout.readsMeanwhile;
    rows.push({
      target: `Fan-out to ${s.fanout.targeted} devices in < 10 s`,
      measured: `${s.fanout.allRenderedS ?? '?'} s until every device's rendered configuration carries the new version; ${s.fanout.allServedS} s until every device is served it (write answered in ${s.fanout.writeAnsweredS} s)`,
      met: (s.fanout.allRenderedS ?? s.fanout.allServedS) < 10,
    });
    rows.push({
      target: 'Configuration reads within target during the fan-out',
      measured: fmtLoad(r),
      met: r.rps >= READ_RPS && r.latencyMs.p99 <= READ_P99_MS,
    });
  }
  if (s.scale) {
    const worst = Math.max(...Object.values(s.scale.rssMb));
    rows.push({
      target: `Each app < 300 MB RSS at ${s.scale.devices} devices`,
      measured: `${Object.entries(s.scale.rssMb)
        .map(([app, mb]) => `${app} ${mb}`)
        .join(', ')} MB; database ${s.scale.databaseMb} MB`,
      met: worst < 300,
    });
  }
  return rows;
}

/** Latency percentiles against offered load, ours and the baseline's, for the last read run with steps. */
function chart(runs: ReadsRun[]): string | undefined {
  const run = [...runs].reverse().find((r) => r.steps.length > 0);
  if (!run) {
    return undefined;
  }
  const [w, h, left, bottom, top, right] = [720, 400, 60, 50, 40, 170];
  const maxRate = Math.max(...run.steps.map((s) => s.rate));
  const maxMs = Math.max(
    READ_P99_MS * 1.5,
    ...run.steps.flatMap((s) => [s.ours.latencyMs.p99, s.baseline.latencyMs.p99]),
  );
  const x = (rate: number) => left + (rate / maxRate) * (w - left - right);
  const y = (ms: number) => h - bottom - (Math.min(ms, maxMs) / maxMs) * (h - bottom - top);
  const series = [
    {
      name: 'ours p50',
      color: '#1f77b4',
      dash: '',
      pick: (s: ReadsRun['steps'][number]) => s.ours.latencyMs.p50,
    },
    {
      name: 'ours p99',
      color: '#1f77b4',
      dash: '6,4',
      pick: (s: ReadsRun['steps'][number]) => s.ours.latencyMs.p99,
    },
    {
      name: 'baseline p50',
      color: '#2ca02c',
      dash: '',
      pick: (s: ReadsRun['steps'][number]) => s.baseline.latencyMs.p50,
    },
    {
      name: 'baseline p99',
      color: '#2ca02c',
      dash: '6,4',
      pick: (s: ReadsRun['steps'][number]) => s.baseline.latencyMs.p99,
    },
  ];
  const lines = series.map((se) => {
    const points = run.steps.map((s) => `${x(s.rate).toFixed(1)},${y(se.pick(s)).toFixed(1)}`).join(' ');
    return `<polyline fill="none" stroke="${se.color}" stroke-width="2" stroke-dasharray="${se.dash}" points="${points}"/>`;
  });
  const legend = series.map(
    (se, i) =>
      `<line x1="${w - right + 15}" y1="${top + 20 + i * 22}" x2="${w - right + 45}" y2="${top + 20 + i * 22}" stroke="${se.color}" stroke-width="2" stroke-dasharray="${se.dash}"/><text x="${w - right + 50}" y="${top + 24 + i * 22}">${se.name}</text>`,
  );
  const ticksX = run.steps.map(
    (s) => `<text x="${x(s.rate)}" y="${h - bottom + 18}" text-anchor="middle">${s.rate}</text>`,
  );
  const ticksY = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const ms = Math.round(maxMs * f);
    return `<text x="${left - 8}" y="${y(ms) + 4}" text-anchor="end">${ms}</text><line x1="${left}" x2="${w - right}" y1="${y(ms)}" y2="${y(ms)}" stroke="#eee"/>`;
  });
  const target = `<line x1="${left}" x2="${w - right}" y1="${y(READ_P99_MS)}" y2="${y(READ_P99_MS)}" stroke="#d62728" stroke-dasharray="2,3"/><text x="${w - right - 4}" y="${y(READ_P99_MS) - 4}" text-anchor="end" fill="#d62728">p99 target ${READ_P99_MS} ms</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${left}" y="24" font-size="14">GET configuration latency against offered load, ${run.devices} devices (ms; achieved rates in latest.md)</text>
${ticksY.join('\n')}
${target}
<line x1="${left}" y1="${h - bottom}" x2="${w - right}" y2="${h - bottom}" stroke="black"/>
<line x1="${left}" y1="${top}" x2="${left}" y2="${h - bottom}" stroke="black"/>
${ticksX.join('\n')}
<text x="${(left + w - right) / 2}" y="${h - 12}" text-anchor="middle">offered requests per second</text>
${lines.join('\n')}
${legend.join('\n')}
</svg>
`;
}

const cell = (r: LoadResult): string =>
  `${r.rps} | ${r.latencyMs.p50} | ${r.latencyMs.p95} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${r.non2xx + r.errors + r.timeouts}`;

/** Writes `<out>.json`, `<out>.md` (and `<out>.svg`); returns the Markdown. */
export function writeReport(out: string, results: Record<string, unknown> & { targets: unknown[] }): string {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.json`, `${JSON.stringify(results, null, 2)}\n`);
  const s = results.scenarios as Scenarios;
  const m = results.machine as Record<string, unknown>;
  const md: string[] = [
    `# Benchmark results`,
    '',
    `\`${String(results.command)}\`, ${String(results.startedAt)}, ${String(results.durationS)} s${results.complete ? '' : ' (**incomplete run**)'}.`,
    '',
    `Machine: ${String(m.cpuModel)}, ${String(m.cores)} cores, ${String(m.memoryGb)} GB, ${String(m.os)}; Node ${String(m.node)}, Kafka ${String(m.kafka)}, PostgreSQL ${String(m.postgres)}; ${String(m.note)}.`,
    '',
    '## Targets',
    '',
    '| Target | Measured | Met |',
    '| --- | --- | --- |',
    ...(results.targets as TargetRow[]).map(
      (t) => `| ${t.target} | ${t.measured} | ${t.met === null ? 'n/a' : t.met ? 'yes' : '**no**'} |`,
    ),
    '',
  ];
  if (s.reads?.length) {
    md.push(
      '## Configuration reads',
      '',
      '| Devices | Server | Offered/s | Rate/s | p50 ms | p95 ms | p99 ms | max ms | Errors | Load avg before |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const run of s.reads) {
      const la = run.loadAverageBefore.join(' ');
      md.push(`| ${run.devices} | ours | full speed | ${cell(run.ours)} | ${la} |`);
      md.push(`| ${run.devices} | baseline | full speed | ${cell(run.baseline)} | |`);
      for (const step of run.steps) {
        md.push(`| ${run.devices} | ours | ${step.rate} | ${cell(step.ours)} | |`);
        md.push(`| ${run.devices} | baseline | ${step.rate} | ${cell(step.baseline)} | |`);
      }
    }
    md.push(
      '',
      `Answer size: ${s.reads[0].ours.bytesPerAnswer} bytes (ours, with headers) vs ${s.reads[0].baseline.bytesPerAnswer} (baseline).`,
      '',
    );
    for (const run of s.reads) {
      const served = run.ours.requests + run.steps.reduce((n, step) => n + step.ours.requests, 0);
      const perRequest = Object.entries(run.cpuSeconds ?? {})
        .filter(([app]) => app === 'gateway' || app === 'config-service')
        .map(([app, cpu]) => `${app} ${((cpu * 1000) / Math.max(1, served)).toFixed(3)} ms`)
        .join(', ');
      md.push(
        `CPU per configuration read at ${run.devices} devices (the scenario's CPU seconds over our ${served} answers, after a warm-up sweep of every device in ${String(run.warmUpS ?? '-')} s): ${perRequest}.`,
        '',
      );
    }
  }
  if (s.heartbeats) {
    const { max, sustained } = s.heartbeats;
    md.push(
      '## Heartbeats',
      '',
      `Load average before: ${s.heartbeats.loadAverageBefore.join(' ')}.`,
      '',
      '| Run | Accepted/s | p50 ms | p95 ms | p99 ms | max ms | Errors | Lag p50 ms | Lag p99 ms | Accepted | Recorded | Lost | Doubled | Unconfirmed but stored |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      `| full speed, ${max.connections} connections | ${cell(max)} | | | ${max.counts.accepted} | ${max.counts.recorded} | ${max.counts.lost} | ${max.counts.doubled} | ${max.counts.unconfirmedStored ?? '-'} |`,
      `| sustained ${sustained.offeredRps}/s | ${sustained.acceptedPerS} | ${sustained.latencyMs.p50} | ${sustained.latencyMs.p95} | ${sustained.latencyMs.p99} | ${sustained.latencyMs.max} | ${sustained.failed} | ${sustained.lagMs.p50} | ${sustained.lagMs.p99} | ${sustained.counts.accepted} | ${sustained.counts.recorded} | ${sustained.counts.lost} | ${sustained.counts.doubled} | ${sustained.counts.unconfirmedStored ?? '-'} |`,
      '',
    );
    const accepted = max.counts.accepted + sustained.counts.accepted;
    const perHeartbeat = Object.entries(s.heartbeats.cpuSeconds ?? {})
      .filter(([app]) => app === 'gateway' || app === 'heartbeat-worker')
      .map(([app, cpu]) => `${app} ${((cpu * 1000) / Math.max(1, accepted)).toFixed(3)} ms`)
      .join(', ');
    md.push(
      `CPU per heartbeat (the scenario's CPU seconds over the ${accepted} accepted in both runs): ${perHeartbeat}.`,
      '',
    );
  }
  if (s.storm) {
    md.push(
      '## Enrolment storm',
      '',
      `${s.storm.devices} devices, re-enrolling every ${String((s.storm as unknown as { enrolPollMs: number }).enrolPollMs)} ms while pending: ${s.storm.registeredInReadModel} registered in the read model, all of them after **${String(s.storm.allRegisteredInReadModelS ?? 'never (time limit)')} s**; last PUT registration answered after ${s.storm.allRegisteredByApiS} s; ${s.storm.requests} requests (${s.storm.enrolmentPolls} enrolments), ${s.storm.failedRequests} failed; request p50 ${s.storm.latencyMs.p50} / p99 ${s.storm.latencyMs.p99} ms. Load average before: ${s.storm.loadAverageBefore.join(' ')}.`,
      '',
    );
  }
  for (const [key, value] of Object.entries(s)) {
    if (key.startsWith('seed')) {
      const seed = value as { devices: number; seconds: number; renderSeconds: number };
      md.push(
        `Seeded to ${seed.devices} devices (shortcut, see bench/seed.ts) in ${seed.seconds} s, of which rendering ${seed.renderSeconds} s.`,
        '',
      );
    }
  }
  if (s.fanout) {
    md.push(
      '## Fan-out',
      '',
      `One workload targeting ${s.fanout.targeted} devices changed: write answered after ${s.fanout.writeAnsweredS} s, every device's rendered configuration carried the new version after **${s.fanout.allRenderedS ?? '?'} s** (store polled every 50 ms), every device served the new version after **${s.fanout.allServedS} s**. Reads meanwhile: ${fmtLoad(s.fanout.readsMeanwhile)}. Load average before: ${s.fanout.loadAverageBefore.join(' ')}.`,
      '',
    );
  }
  if (s.scale) {
    md.push(
      '## Scale',
      '',
      `${s.scale.devices} devices: RSS ${Object.entries(s.scale.rssMb)
        .map(([app, mb]) => `${app} ${mb} MB`)
        .join(', ')}; database ${s.scale.databaseMb} MB.`,
      '',
    );
  }
  const svg = chart(s.reads ?? []);
  if (svg) {
    writeFileSync(`${out}.svg`, svg);
    md.push(`![latency against offered load](${basename(out)}.svg)`, '');
  }
  const text = md.join('\n');
  writeFileSync(`${out}.md`, text);
  return text;
}
