import { readFileSync } from 'node:fs';

/**
 * Where a `--cpu-prof` profile spent its time: self time by package and by function, and the share of idle.
 * `node dist/bench/tools/profile-summary.js <file.cpuprofile> [top]`
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const top = Number(topArg ?? 25);
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const perNode = new Map<number, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  perNode.set(id, (perNode.get(id) ?? 0) + dt);
  total += dt;
});

const packageOf = ({ url, functionName }: ProfileNode['callFrame']): string => {
  const inModules = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) {
    return inModules[1];
  }
  const inDist = /dist\/((apps|libs|bench)\/[^/]+)/.exec(url);
  return inDist ? inDist[1] : url || functionName;
};
const functionOf = ({ url, functionName, lineNumber }: ProfileNode['callFrame']): string =>
  `${functionName || '(anonymous)'} ${url.replace(/.*node_modules\//, '').replace(/.*dist\//, '')}:${lineNumber}`;

const byPackage = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, time] of perNode) {
  const frame = nodes.get(id)!.callFrame;
  byPackage.set(packageOf(frame), (byPackage.get(packageOf(frame)) ?? 0) + time);
  byFunction.set(functionOf(frame), (byFunction.get(functionOf(frame)) ?? 0) + time);
}
const idle = byPackage.get('(idle)') ?? 0;
const busy = total - idle;
const list = (map: Map<string, number>) =>
  [...map]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, t]) => `${((100 * t) / busy).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
process.stdout.write(
  `${file}: ${(total / 1e6).toFixed(1)} s profiled, ${((100 * idle) / total).toFixed(1)}% idle; shares of the busy time:\n` +
    `--- by package (self time)\n${list(byPackage)}\n--- by function (self time)\n${list(byFunction)}\n`,
);
