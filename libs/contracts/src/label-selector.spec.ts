import { describe, expect, it } from 'vitest';
import {
  LabelSelectorError,
  matchesRequirements,
  parseLabelSelector,
  type Requirement,
} from './label-selector';

describe(parseLabelSelector.name, () => {
  describe('equality-based requirements', () => {
    it('parses a=b as "in" with one value', () => {
      expect(parseLabelSelector('a=b')).toEqual([{ key: 'a', op: 'in', values: ['b'] }]);
    });

    it('parses a==b like a=b', () => {
      expect(parseLabelSelector('a==b')).toEqual([{ key: 'a', op: 'in', values: ['b'] }]);
    });

    it('parses a!=b as "notin" with one value', () => {
      expect(parseLabelSelector('a!=b')).toEqual([{ key: 'a', op: 'notin', values: ['b'] }]);
    });

    it('allows spaces around the operator', () => {
      expect(parseLabelSelector('a = b')).toEqual([{ key: 'a', op: 'in', values: ['b'] }]);
      expect(parseLabelSelector('a != b')).toEqual([{ key: 'a', op: 'notin', values: ['b'] }]);
    });

    it('accepts an empty value', () => {
      expect(parseLabelSelector('a=')).toEqual([{ key: 'a', op: 'in', values: [''] }]);
    });

    it('accepts a value of 63 characters', () => {
      const value = `v${'x'.repeat(61)}9`;

      expect(parseLabelSelector(`a=${value}`)).toEqual([{ key: 'a', op: 'in', values: [value] }]);
    });

    it('accepts a value with inner dashes, underscores and dots', () => {
      expect(parseLabelSelector('a=x-y_z.1')).toEqual([{ key: 'a', op: 'in', values: ['x-y_z.1'] }]);
    });
  });

  describe('existence requirements', () => {
    it('parses a bare key as "exists"', () => {
      expect(parseLabelSelector('a')).toEqual([{ key: 'a', op: 'exists' }]);
    });

    it('parses !a as "notexists"', () => {
      expect(parseLabelSelector('!a')).toEqual([{ key: 'a', op: 'notexists' }]);
    });
  });

  describe('set-based requirements', () => {
    it('parses a in (x,y)', () => {
      expect(parseLabelSelector('a in (x,y)')).toEqual([{ key: 'a', op: 'in', values: ['x', 'y'] }]);
    });

    it('parses a notin (x)', () => {
      expect(parseLabelSelector('a notin (x)')).toEqual([{ key: 'a', op: 'notin', values: ['x'] }]);
    });

    it('allows spaces inside the parentheses', () => {
      expect(parseLabelSelector('a in ( x , y )')).toEqual([{ key: 'a', op: 'in', values: ['x', 'y'] }]);
    });

    it('accepts in without a space before the parenthesis, as Kubernetes does', () => {
      expect(parseLabelSelector('a in(x,y)')).toEqual([{ key: 'a', op: 'in', values: ['x', 'y'] }]);
    });
  });

  describe('keys', () => {
    it('accepts a prefixed key', () => {
      expect(parseLabelSelector('flotta/member-of=set1')).toEqual([
        { key: 'flotta/member-of', op: 'in', values: ['set1'] },
      ]);
    });

    it('accepts a dotted key with a dashed value', () => {
      expect(parseLabelSelector('device.hostname=h-1')).toEqual([
        { key: 'device.hostname', op: 'in', values: ['h-1'] },
      ]);
    });

    it('accepts a DNS-subdomain prefix and an upper-case name', () => {
      expect(parseLabelSelector('example.com/Tier in (a)')).toEqual([
        { key: 'example.com/Tier', op: 'in', values: ['a'] },
      ]);
    });

    it('accepts a key name of 63 characters', () => {
      const key = `k${'e'.repeat(61)}y`;

      expect(parseLabelSelector(key)).toEqual([{ key, op: 'exists' }]);
    });
  });

  describe('combinations', () => {
    it('parses every kind of term separated by commas', () => {
      expect(parseLabelSelector('a=b,c!=d,e,!f,g in (h,i),j notin (k)')).toEqual<Requirement[]>([
        { key: 'a', op: 'in', values: ['b'] },
        { key: 'c', op: 'notin', values: ['d'] },
        { key: 'e', op: 'exists' },
        { key: 'f', op: 'notexists' },
        { key: 'g', op: 'in', values: ['h', 'i'] },
        { key: 'j', op: 'notin', values: ['k'] },
      ]);
    });

    it('allows spaces after the commas', () => {
      expect(parseLabelSelector('flotta/member-of=set1, device.hostname in (h-1, h-2) , !gone')).toEqual<
        Requirement[]
      >([
        { key: 'flotta/member-of', op: 'in', values: ['set1'] },
        { key: 'device.hostname', op: 'in', values: ['h-1', 'h-2'] },
        { key: 'gone', op: 'notexists' },
      ]);
    });

    it('does not split on the commas inside parentheses', () => {
      expect(parseLabelSelector('a in (x,y),b')).toHaveLength(2);
    });
  });

  describe('empty selectors', () => {
    it('returns no requirements for an empty string', () => {
      expect(parseLabelSelector('')).toEqual([]);
    });

    it('returns no requirements for a blank string', () => {
      expect(parseLabelSelector('   ')).toEqual([]);
    });
  });

  describe('malformed selectors', () => {
    it.each([
      ['a=b=c', 'a second equals sign'],
      ['in (x)', 'a set without a key'],
      ['a in (x,y', 'an unclosed parenthesis'],
      ['a in x,y)', 'an unopened parenthesis'],
      ['a in ((x))', 'nested parentheses'],
      ['a$=b', 'a "$" in the key'],
      ['a b=c', 'a space in the key'],
      ['-a=b', 'a key starting with a dash'],
      ['a-=b', 'a key ending with a dash'],
      ['Example.com/a=b', 'an upper-case prefix'],
      ['/a=b', 'an empty prefix'],
      ['a/=b', 'an empty name after the prefix'],
      [`${'k'.repeat(64)}=b`, 'a key name longer than 63'],
      [`a=${'x'.repeat(64)}`, 'a value longer than 63'],
      ['a=-b', 'a value starting with a dash'],
      ['a=b/c', 'a "/" in the value'],
      ['a=b c', 'a space in the value'],
      ['a in (x y)', 'values without a comma between them'],
      ['a notin (x/y)', 'a bad value in a set'],
      ['a=b,,c=d', 'an empty term'],
      [',a=b', 'a leading comma'],
      ['a=b,', 'a trailing comma'],
      [',', 'only a comma'],
      ['a in', 'an operator without values'],
      ['a in x', 'values without parentheses'],
      ['!a=b', 'a negated equality'],
      ['a!', 'a trailing "!"'],
      ['a b', 'two keys without a comma'],
      ['a=1,b$', 'a bad second term'],
    ])('rejects %j (%s)', (selector) => {
      expect(() => parseLabelSelector(selector)).toThrow(LabelSelectorError);
    });

    it('names the bad key in the error', () => {
      expect(() => parseLabelSelector('ok=1,bad$key=2')).toThrow(/bad\$key/);
    });

    it('names the bad value in the error', () => {
      expect(() => parseLabelSelector('a=b/c')).toThrow(/b\/c/);
    });

    it('rejects a selector longer than 4096 characters', () => {
      const selector = Array.from({ length: 600 }, (_, i) => `key${i}=v`).join(',');
      expect(selector.length).toBeGreaterThan(4096);

      expect(() => parseLabelSelector(selector)).toThrow(LabelSelectorError);
    });

    it('accepts a long selector within the limit', () => {
      const selector = Array.from({ length: 300 }, (_, i) => `key${i}=v`).join(',');
      expect(selector.length).toBeLessThan(4096);

      expect(parseLabelSelector(selector)).toHaveLength(300);
    });

    it('throws errors named LabelSelectorError', () => {
      let error: unknown;
      try {
        parseLabelSelector('a=b=c');
      } catch (e) {
        error = e;
      }

      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ name: 'LabelSelectorError' });
    });
  });
});

describe(matchesRequirements.name, () => {
  const labels = { env: 'prod', tier: 'web', 'flotta/member-of': 'set1' };
  const matches = (selector: string, on: Record<string, string> = labels): boolean =>
    matchesRequirements(on, parseLabelSelector(selector));

  describe('in', () => {
    it('matches when the value is one of the values', () => {
      expect(matches('env in (dev,prod)')).toBe(true);
      expect(matches('env=prod')).toBe(true);
    });

    it('does not match another value', () => {
      expect(matches('env in (dev,test)')).toBe(false);
      expect(matches('env=dev')).toBe(false);
    });

    it('does not match when the key is absent', () => {
      expect(matches('zone in (a)')).toBe(false);
      expect(matches('zone=a')).toBe(false);
    });

    it('matches an empty value only against an empty label', () => {
      expect(matches('env=', { env: '' })).toBe(true);
      expect(matches('env=', { env: 'prod' })).toBe(false);
      expect(matches('env=', {})).toBe(false);
    });
  });

  describe('notin', () => {
    it('matches when the value is not one of the values', () => {
      expect(matches('env notin (dev,test)')).toBe(true);
      expect(matches('env!=dev')).toBe(true);
    });

    it('does not match one of the values', () => {
      expect(matches('env notin (dev,prod)')).toBe(false);
      expect(matches('env!=prod')).toBe(false);
    });

    it('matches when the key is absent', () => {
      expect(matches('zone notin (a)')).toBe(true);
      expect(matches('zone!=a')).toBe(true);
    });
  });

  describe('exists', () => {
    it('matches when the key is present, whatever its value', () => {
      expect(matches('tier')).toBe(true);
      expect(matches('tier', { tier: '' })).toBe(true);
    });

    it('does not match when the key is absent', () => {
      expect(matches('zone')).toBe(false);
    });

    it('does not treat inherited object properties as labels', () => {
      expect(matches('toString', {})).toBe(false);
      expect(matches('constructor', {})).toBe(false);
    });
  });

  describe('notexists', () => {
    it('matches when the key is absent', () => {
      expect(matches('!zone')).toBe(true);
    });

    it('does not match when the key is present', () => {
      expect(matches('!tier')).toBe(false);
    });

    it('matches an inherited object property name as absent', () => {
      expect(matches('!toString', {})).toBe(true);
    });
  });

  describe('several requirements', () => {
    it('matches when all requirements match', () => {
      expect(matches('env=prod,tier in (web,api),!zone,flotta/member-of=set1')).toBe(true);
    });

    it('does not match when any requirement fails', () => {
      expect(matches('env=prod,tier in (api),!zone')).toBe(false);
    });

    it('matches everything with no requirements', () => {
      expect(matchesRequirements({}, [])).toBe(true);
      expect(matchesRequirements(labels, parseLabelSelector(''))).toBe(true);
    });
  });
});
