import { describe, expect, it } from 'vitest';
import { selectorRequirements } from './device-selector';

describe(selectorRequirements.name, () => {
  it('turns matchLabels and matchExpressions into requirements', () => {
    expect(
      selectorRequirements({
        matchLabels: { app: 'cam' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['a', 'b'] },
          { key: 'off', operator: 'DoesNotExist' },
        ],
      }),
    ).toEqual([
      { key: 'app', op: 'in', values: ['cam'] },
      { key: 'tier', op: 'in', values: ['a', 'b'] },
      { key: 'off', op: 'notexists' },
    ]);
  });

  it.each([
    [{ matchExpressions: [{ key: 'a', operator: 'Near' }] }, /operator/],
    [{ matchExpressions: [{ key: 'a', operator: 'In' }] }, /values: must be non-empty/],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, /values: must be empty/],
    [{ matchLabels: { 'bad key': 'v' } }, /invalid label/],
  ])('refuses a malformed selector %j', (selector, message) => {
    expect(() => selectorRequirements(selector)).toThrow(message);
  });
});
