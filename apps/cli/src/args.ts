import { UsageError } from './cli-error';

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** `k=v` sets, `k-` removes (null), as `kubectl label` takes them. */
export function parseLabelChanges(args: string[]): Record<string, string | null> {
  if (args.length === 0) {
    throw new UsageError('at least one label change is needed: key=value or key-');
  }
  const changes: Record<string, string | null> = {};
  for (const arg of args) {
    if (arg.endsWith('-') && !arg.includes('=')) {
      changes[checkKey(arg.slice(0, -1), arg)] = null;
    } else {
      const [key, value] = splitPair(arg);
      changes[key] = value;
    }
  }
  return changes;
}

/** Repeated `--label k=v` options into a label map. */
export function parseLabels(args: string[]): Record<string, string> {
  return Object.fromEntries(args.map(splitPair));
}

function splitPair(arg: string): [string, string] {
  const at = arg.indexOf('=');
  if (at <= 0) {
    throw new UsageError(`"${arg}" is not key=value`);
  }
  const key = checkKey(arg.slice(0, at), arg);
  const value = arg.slice(at + 1);
  if (!LABEL_VALUE.test(value)) {
    throw new UsageError(`"${arg}": the value is not a valid label value (63 characters: A-Z a-z 0-9 - _ .)`);
  }
  return [key, value];
}

function checkKey(key: string, arg: string): string {
  if (!LABEL_KEY.test(key)) {
    throw new UsageError(`"${arg}": "${key}" is not a valid label key`);
  }
  return key;
}

/** One requirement of a Kubernetes label selector. */
export type Requirement =
  { key: string; op: 'in' | 'notin'; values: string[] } | { key: string; op: 'exists' | '!exists' };

/**
 * Parses `a=b,c!=d,e,!f,g in (h,i),j notin (k)`, the syntax the server takes for devices, so that kinds the
 * server cannot filter are filtered here with the same meaning.
 */
export function parseSelector(selector: string): Requirement[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim() !== '' || parts.length > 0) {
    parts.push(current);
  }
  return parts.map((raw) => {
    const part = raw.trim();
    const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
    if (set) {
      const values = set[3].split(',').map((v) => v.trim());
      return { key: checkKey(set[1], part), op: set[2] as 'in' | 'notin', values };
    }
    const neq = /^([^=!\s]+)\s*!=\s*(\S*)$/.exec(part);
    if (neq) {
      return { key: checkKey(neq[1], part), op: 'notin', values: [neq[2]] };
    }
    const eq = /^([^=!\s]+)\s*==?\s*(\S*)$/.exec(part);
    if (eq) {
      return { key: checkKey(eq[1], part), op: 'in', values: [eq[2]] };
    }
    if (part.startsWith('!')) {
      return { key: checkKey(part.slice(1).trim(), part), op: '!exists' };
    }
    if (/^\S+$/.test(part)) {
      return { key: checkKey(part, part), op: 'exists' };
    }
    throw new UsageError(`label selector: cannot read "${part}"`);
  });
}

/** Whether labels satisfy every requirement (a missing key satisfies `notin`, as in Kubernetes). */
export function matchesSelector(
  labels: Record<string, string> | null | undefined,
  reqs: Requirement[],
): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.hasOwn(l, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case '!exists':
        return !has;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
    }
  });
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `15m`, `1h30m`, `2d` as milliseconds. */
export function parseDuration(text: string): number {
  if (!/^(\d+[smhd])+$/.test(text)) {
    throw new UsageError(`"${text}" is not a duration (e.g. 30s, 15m, 1h30m, 2d)`);
  }
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([smhd])/g)) {
    total += Number(n) * UNITS[unit];
  }
  return total;
}

/** `--since`: a duration back from now, or a timestamp; the ISO-8601 instant the server takes. */
export function sinceToIso(since: string, now = Date.now()): string {
  if (/^\d/.test(since) && /[smhd]$/.test(since) && !since.includes('-')) {
    return new Date(now - parseDuration(since)).toISOString();
  }
  const t = Date.parse(since);
  if (Number.isNaN(t)) {
    throw new UsageError(`--since "${since}": a duration (1h) or a timestamp (2026-01-31T12:00:00Z)`);
  }
  return new Date(t).toISOString();
}
