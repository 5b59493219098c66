import { describe, expect, it } from 'vitest';
import { globMatches } from './glob';

describe(globMatches.name, () => {
  describe('literal patterns', () => {
    it('matches the identical string', () => {
      expect(globMatches('dev-1', 'dev-1')).toBe(true);
    });

    it('does not match a different string', () => {
      expect(globMatches('dev-1', 'dev-2')).toBe(false);
    });

    it('does not match a prefix, a suffix or a substring', () => {
      expect(globMatches('dev', 'dev-1')).toBe(false);
      expect(globMatches('dev', 'my-dev')).toBe(false);
      expect(globMatches('dev', 'a-dev-b')).toBe(false);
      expect(globMatches('dev-1', 'dev')).toBe(false);
    });

    it('matches the empty pattern only against the empty string', () => {
      expect(globMatches('', '')).toBe(true);
      expect(globMatches('', 'a')).toBe(false);
    });

    it('is case-sensitive', () => {
      expect(globMatches('Dev', 'dev')).toBe(false);
    });
  });

  describe('*', () => {
    it('alone matches any string, including the empty one', () => {
      expect(globMatches('*', '')).toBe(true);
      expect(globMatches('*', 'anything at all')).toBe(true);
    });

    it('as a trailing star matches a prefix followed by anything', () => {
      expect(globMatches('rpi-*', 'rpi-')).toBe(true);
      expect(globMatches('rpi-*', 'rpi-42')).toBe(true);
      expect(globMatches('rpi-*', 'x-rpi-42')).toBe(false);
    });

    it('as a leading star matches anything followed by a suffix', () => {
      expect(globMatches('*.lab', 'edge.lab')).toBe(true);
      expect(globMatches('*.lab', '.lab')).toBe(true);
      expect(globMatches('*.lab', 'edge.lab.prod')).toBe(false);
    });

    it('in the middle matches any run of characters', () => {
      expect(globMatches('a*z', 'az')).toBe(true);
      expect(globMatches('a*z', 'abcz')).toBe(true);
      expect(globMatches('a*z', 'abcza')).toBe(false);
    });

    it('with several stars matches the literal parts in order', () => {
      expect(globMatches('*-edge-*-*', 'site1-edge-rack2-7')).toBe(true);
      expect(globMatches('*a*b*c*', 'xxaxxbxxcxx')).toBe(true);
      expect(globMatches('*a*b*c*', 'xxcxxbxxaxx')).toBe(false);
    });

    it('backtracks when the first candidate for a star is wrong', () => {
      expect(globMatches('*ab', 'aab')).toBe(true);
      expect(globMatches('a*bc', 'abcbc')).toBe(true);
      expect(globMatches('a*b*c', 'abbbc')).toBe(true);
    });

    it('treats consecutive stars like one', () => {
      expect(globMatches('a**b', 'ab')).toBe(true);
      expect(globMatches('a**b', 'axxb')).toBe(true);
      expect(globMatches('**', '')).toBe(true);
    });
  });

  describe('?', () => {
    it('matches exactly one character', () => {
      expect(globMatches('dev-?', 'dev-1')).toBe(true);
      expect(globMatches('dev-?', 'dev-')).toBe(false);
      expect(globMatches('dev-?', 'dev-12')).toBe(false);
    });

    it('matches any character, including metacharacters', () => {
      expect(globMatches('a?c', 'a.c')).toBe(true);
      expect(globMatches('a?c', 'a*c')).toBe(true);
    });

    it('combines with stars', () => {
      expect(globMatches('?*', '')).toBe(false);
      expect(globMatches('?*', 'a')).toBe(true);
      expect(globMatches('*?', 'ab')).toBe(true);
      expect(globMatches('*??', 'a')).toBe(false);
    });
  });

  describe('regular-expression metacharacters', () => {
    it.each([
      ['a.b', 'axb'],
      ['a+', 'aa'],
      ['ab|cd', 'ab'],
      ['[ab]', 'a'],
      ['(a)', 'a'],
      ['^a$', 'a'],
      ['a{2}', 'aa'],
      ['\\d', '1'],
      ['.*', 'anything'],
    ])('treats %j literally, so it does not match %j', (pattern, value) => {
      expect(globMatches(pattern, value)).toBe(false);
    });

    it.each(['a.b', 'a+', 'ab|cd', '[ab]', '(a)', '^a$', 'a{2}', '\\d', '.*'])(
      'matches %j against itself',
      (pattern) => {
        expect(globMatches(pattern, pattern)).toBe(true);
      },
    );
  });

  describe('pathological patterns', () => {
    it('rejects *a*a*a*a*a*b against 5,000 a characters', () => {
      expect(globMatches('*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    });

    it('accepts *a*a*a*a*a*b when the b is there', () => {
      expect(globMatches('*a*a*a*a*a*b', `${'a'.repeat(5000)}b`)).toBe(true);
    });
  });
});
