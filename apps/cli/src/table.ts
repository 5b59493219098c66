/** A column of a table: its header and how a cell is drawn; `wide` columns show only with `-o wide`. */
export interface Column<T> {
  header: string;
  cell: (item: T, now: number) => string;
  wide?: boolean;
}

const GAP = '   ';

/** Column widths of a table: the longest cell of each column, header included. */
export function columnWidths(rows: string[][]): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  }
  return widths;
}

/** One line with every cell but the last padded to its column's width, three spaces apart, as kubectl does. */
export function formatRow(row: string[], widths: number[]): string {
  return row
    .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? cell.length)))
    .join(GAP)
    .trimEnd();
}

/** A header and rows, aligned. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = columnWidths([headers, ...rows]);
  return [headers, ...rows].map((r) => formatRow(r, widths)).join('\n');
}

/** The time since `from`, as kubectl shows ages (`45s`, `5m10s`, `3h`, `2d4h`, `1y30d`); `<unknown>` without one. */
export function formatAge(from: string | Date | null | undefined, now = Date.now()): string {
  if (from === null || from === undefined) {
    return '<unknown>';
  }
  const t = typeof from === 'string' ? Date.parse(from) : from.getTime();
  if (Number.isNaN(t)) {
    return '<unknown>';
  }
  return humanDuration(now - t);
}

/** kubectl's `duration.HumanDuration`: precise when short, coarser as it grows. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) {
    return '<invalid>';
  }
  if (seconds < 0) {
    return '0s';
  }
  if (seconds < 120) {
    return `${seconds}s`;
  }
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) {
    return `${minutes}m`;
  }
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) {
    return `${hours}h`;
  }
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) {
    return `${days}d`;
  }
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/** `a=b,c=d` for a label map; `<none>` when empty, as kubectl's `--show-labels`. */
export function formatLabels(labels: Record<string, string> | null | undefined): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? '<none>' : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

/** A cell for a possibly missing value. */
export const orNone = (value: unknown): string =>
  value === null || value === undefined || value === '' ? '<none>' : text(value);

/** Any JSON value as text: strings as they are, objects as JSON. */
export const text = (value: unknown): string =>
  typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
