import type { ReactNode } from 'react';

export interface PresenceRow {
  namespace: string;
  online: number;
  late: number;
  offline: number;
  unknown: number;
}

const SERIES = [
  { key: 'online', label: 'online', color: '#3d7317' },
  { key: 'late', label: 'late', color: '#dca614' },
  { key: 'offline', label: 'offline', color: '#b1380b' },
  { key: 'unknown', label: 'no heartbeat yet', color: '#a3a3a3' },
] as const;

const BAR = 22;
const GAP = 14;
const LABEL_WIDTH = 160;
const WIDTH = 640;

/**
 * Presence per namespace as stacked bars: a glance shows which namespace has devices going late or offline. The
 * numbers are in the accessible name and in the legend row of each bar, so nothing is only in colour.
 */
export function PresenceChart({ rows }: { rows: PresenceRow[] }): ReactNode {
  const max = Math.max(1, ...rows.map((r) => r.online + r.late + r.offline + r.unknown));
  const scale = (WIDTH - LABEL_WIDTH - 90) / max;
  const height = rows.length * (BAR + GAP) + 30;
  const describe = (r: PresenceRow): string =>
    `${r.namespace}: ${r.online} online, ${r.late} late, ${r.offline} offline, ${r.unknown} without heartbeat`;
  return (
    <figure style={{ margin: 0 }}>
      <svg
        role="img"
        aria-label={`Presence per namespace. ${rows.map(describe).join('. ')}`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        style={{ maxWidth: WIDTH }}
        data-testid="presence-chart"
      >
        {rows.map((r, i) => {
          let x = LABEL_WIDTH;
          const y = i * (BAR + GAP);
          const total = r.online + r.late + r.offline + r.unknown;
          return (
            <g key={r.namespace}>
              <text x={LABEL_WIDTH - 8} y={y + BAR / 2 + 5} textAnchor="end" fontSize="13" fill="#151515">
                {r.namespace}
              </text>
              {SERIES.map((s) => {
                const value = r[s.key];
                const width = value * scale;
                const rect = <rect key={s.key} x={x} y={y} width={width} height={BAR} fill={s.color} />;
                x += width;
                return value > 0 ? rect : null;
              })}
              <text x={x + 6} y={y + BAR / 2 + 5} fontSize="13" fill="#151515">
                {total}
              </text>
            </g>
          );
        })}
        <g transform={`translate(${LABEL_WIDTH}, ${rows.length * (BAR + GAP) + 8})`}>
          {SERIES.map((s, i) => (
            <g key={s.key} transform={`translate(${i * 110}, 0)`}>
              <rect width="12" height="12" fill={s.color} />
              <text x="16" y="11" fontSize="12" fill="#151515">
                {s.label}
              </text>
            </g>
          ))}
        </g>
      </svg>
    </figure>
  );
}
