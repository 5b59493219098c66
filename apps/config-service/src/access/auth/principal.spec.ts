import { describe, expect, it } from 'vitest';
import { ALL_NAMESPACES, inScope, Principal } from './principal';

describe(Principal.name, () => {
  const operatorOfA = new Principal('op', 'token', ['operator'], ['team-a']);
  const adminOfAll = new Principal('root', 'oidc', ['viewer', 'admin'], [ALL_NAMESPACES]);

  it('nests roles: an operator may view, not administer', () => {
    expect(operatorOfA.can('viewer', 'team-a')).toBe(true);
    expect(operatorOfA.can('operator', 'team-a')).toBe(true);
    expect(operatorOfA.can('admin', 'team-a')).toBe(false);
  });

  it('holds its roles in its namespaces only; cluster-wide needs *', () => {
    expect(operatorOfA.can('viewer', 'team-b')).toBe(false);
    expect(operatorOfA.can('viewer', ALL_NAMESPACES)).toBe(false);
    expect(operatorOfA.can('viewer')).toBe(true);
    expect(adminOfAll.can('admin', ALL_NAMESPACES)).toBe(true);
    expect(adminOfAll.can('admin', 'anything')).toBe(true);
  });

  it('has no rights without roles or without namespaces', () => {
    expect(new Principal('x', 'oidc', [], ['team-a']).can('viewer')).toBe(false);
    expect(new Principal('x', 'oidc', ['admin'], []).can('viewer')).toBe(false);
    expect(new Principal('x', 'oidc', [], ['team-a']).scope('viewer')).toEqual([]);
  });

  it('names the caller, the role and the place in a refusal', () => {
    expect(() => operatorOfA.require('admin', 'team-a')).toThrow(
      'token:op needs the admin role in namespace team-a',
    );
  });

  it('scopes lists', () => {
    expect(operatorOfA.scope('viewer')).toEqual(['team-a']);
    expect(operatorOfA.scope('admin')).toEqual([]);
    expect(adminOfAll.scope('viewer')).toBe(ALL_NAMESPACES);
    expect(inScope(['team-a'], 'team-a')).toBe(true);
    expect(inScope(['team-a'], null)).toBe(false);
    expect(inScope(ALL_NAMESPACES, null)).toBe(true);
  });
});
