import { describe, expect, it } from 'vitest';
import {
  matchesSelector,
  parseDuration,
  parseLabelChanges,
  parseLabels,
  parseSelector,
  sinceToIso,
} from './args';
import { UsageError } from './cli-error';

describe('label arguments', () => {
  it('reads k=v as a set and k- as a removal, as kubectl label does', () => {
    expect(parseLabelChanges(['app=camera', 'site-', 'example.com/tier=edge', 'empty='])).toEqual({
      app: 'camera',
      site: null,
      'example.com/tier': 'edge',
      empty: '',
    });
  });

  it.each([['nothing'], ['=v'], ['bad key=v'], ['k=bad value'], ['-'], [`k=${'x'.repeat(64)}`]])(
    'refuses %s as a usage error',
    (arg) => {
      expect(() => parseLabelChanges([arg])).toThrow(UsageError);
    },
  );

  it('needs at least one change', () => {
    expect(() => parseLabelChanges([])).toThrow(UsageError);
  });

  it('reads repeated --label k=v into a map', () => {
    expect(parseLabels(['a=1', 'b=2'])).toEqual({ a: '1', b: '2' });
    expect(() => parseLabels(['a'])).toThrow(UsageError);
  });
});

describe('label selectors', () => {
  const labels = { app: 'camera', site: 'lab', tier: 'edge' };
  it.each([
    ['app=camera', true],
    ['app==camera', true],
    ['app=other', false],
    ['app!=other', true],
    ['app!=camera', false],
    ['missing!=x', true],
    ['site', true],
    ['missing', false],
    ['!missing', true],
    ['!site', false],
    ['tier in (edge,core)', true],
    ['tier notin (edge,core)', false],
    ['app=camera,site in (lab),!gone', true],
    ['app=camera,site=home', false],
    ['', true],
  ])('%s matches: %s', (selector, matches) => {
    expect(matchesSelector(labels, parseSelector(selector))).toBe(matches);
  });

  it('refuses what it cannot read', () => {
    expect(() => parseSelector('a b c')).toThrow(UsageError);
    expect(() => parseSelector('bad key=1')).toThrow(UsageError);
  });
});

describe('durations', () => {
  it('reads s, m, h, d and combinations', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(() => parseDuration('1w')).toThrow(UsageError);
    expect(() => parseDuration('soon')).toThrow(UsageError);
  });

  it('turns --since into the instant the server takes', () => {
    const now = Date.parse('2026-12-04T12:00:00.000Z');
    expect(sinceToIso('1h', now)).toBe('2026-12-04T11:00:00.000Z');
    expect(sinceToIso('2026-12-01T00:00:00Z', now)).toBe('2026-12-01T00:00:00.000Z');
    expect(() => sinceToIso('yesterday', now)).toThrow(UsageError);
  });
});
