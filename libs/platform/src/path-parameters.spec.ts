import { describe, expect, it } from 'vitest';
import { findBadPathParameter } from './path-parameters';

describe(findBadPathParameter.name, () => {
  it.each([
    ['ns', 'team-a'],
    ['namespace', 'default'],
    ['deviceId', '6f1c5b0e-6d4a-4c1e-9a57-0123456789ab'],
    ['deviceId', 'Edge_Host.01'],
    ['name', 'web.frontend-1'],
    ['name', 'a'.repeat(253)],
  ])('accepts %s %s', (name, value) => {
    expect(findBadPathParameter({ [name]: value })).toBeUndefined();
  });

  it.each([
    ['ns', 'UPPER'],
    ['ns', 'a'.repeat(64)],
    ['ns', '..'],
    ['deviceId', '..'],
    ['deviceId', 'a..b'],
    ['deviceId', 'a/b'],
    ['deviceId', 'a\\b'],
    ['deviceId', 'a\u0000b'],
    ['deviceId', '\uff0e\uff0e'],
    ['deviceId', 'a'.repeat(254)],
    ['deviceId', ''],
    ['name', 'Web'],
    ['name', '-web'],
    ['name', 'a'.repeat(254)],
  ])('refuses %s %j', (name, value) => {
    expect(findBadPathParameter({ [name]: value })).toMatch(new RegExp(`^${name} must`));
  });

  it('leaves parameters it has no rule for to their route', () => {
    expect(findBadPathParameter({ '*': '../anything' })).toBeUndefined();
  });
});
