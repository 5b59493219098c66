import { describe, expect, it } from 'vitest';
import { formatAge, formatLabels, formatTable, humanDuration } from './table';

describe('ages, as kubectl shows them', () => {
  const s = 1000;
  const m = 60 * s;
  const h = 60 * m;
  const d = 24 * h;
  it.each([
    [0, '0s'],
    [-500, '0s'],
    [-5 * s, '<invalid>'],
    [45 * s, '45s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [5 * m + 10 * s, '5m10s'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h + 30 * m, '8h'],
    [47 * h, '47h'],
    [2 * d, '2d'],
    [2 * d + 4 * h, '2d4h'],
    [8 * d, '8d'],
    [729 * d, '729d'],
    [2 * 365 * d, '2y'],
    [2 * 365 * d + 30 * d, '2y30d'],
    [9 * 365 * d, '9y'],
  ])('%d ms is %s', (ms, shown) => {
    expect(humanDuration(ms)).toBe(shown);
  });

  it('measures from a timestamp, and says when there is none', () => {
    const now = Date.parse('2026-12-04T12:00:00Z');
    expect(formatAge('2026-12-04T11:55:00Z', now)).toBe('5m');
    expect(formatAge('2026-12-02T12:00:00Z', now)).toBe('2d');
    expect(formatAge(null, now)).toBe('<unknown>');
    expect(formatAge('not a date', now)).toBe('<unknown>');
  });
});

describe('tables', () => {
  it('pads every column but the last to its widest cell, three spaces apart', () => {
    expect(
      formatTable(
        ['NAME', 'STATE', 'AGE'],
        [
          ['rpi-1', 'registered', '5m'],
          ['a-much-longer-name', 'pending', '2d'],
        ],
      ),
    ).toBe(
      [
        'NAME                 STATE        AGE',
        'rpi-1                registered   5m',
        'a-much-longer-name   pending      2d',
      ].join('\n'),
    );
  });

  it('shows labels sorted, and <none> without any', () => {
    expect(formatLabels({ site: 'lab', app: 'cam' })).toBe('app=cam,site=lab');
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels(null)).toBe('<none>');
  });
});
