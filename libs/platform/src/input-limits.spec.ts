import { describe, expect, it } from 'vitest';
import { findUnstorable, MAX_OBJECT_KEYS, nestsDeeperThan } from './input-limits';

describe(nestsDeeperThan.name, () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(nestsDeeperThan('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(nestsDeeperThan('{"a":"[[[[\\"[[["}', 1)).toBe(false);
  });
});

describe(findUnstorable.name, () => {
  it('names where a NUL is, in a value or in a key', () => {
    expect(findUnstorable({ data: { a: 'x\u0000y' } })).toBe(
      'data.a: must not contain NUL characters (\\u0000)',
    );
    expect(findUnstorable({ items: ['ok', { b: '\u0000' }] })).toMatch(/^items\[1\]\.b: /);
    expect(findUnstorable({ data: { 'a\u0000': 'y' } })).toMatch(/^data\["a\\u0000"\]: /);
    expect(findUnstorable('\u0000')).toMatch(/^\(body\): /);
  });

  it(`refuses an object with more than ${MAX_OBJECT_KEYS} keys`, () => {
    const wide = Object.fromEntries(Array.from({ length: MAX_OBJECT_KEYS + 1 }, (_, i) => [`k${i}`, 'v']));
    expect(findUnstorable({ data: wide })).toBe(
      `data: has ${MAX_OBJECT_KEYS + 1} keys, more than ${MAX_OBJECT_KEYS}`,
    );
  });

  it('finds nothing in a body without NULs, whatever its types', () => {
    expect(findUnstorable({ a: 1, b: null, c: [true, 'text', { d: '\\u0000' }] })).toBeUndefined();
    expect(findUnstorable(undefined)).toBeUndefined();
  });
});
