import type { AppConfig } from '@lib/config';
import { DomainError } from '@lib/platform';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import type { AccessDenials } from './access-denials';
import type { AccessRule } from './access.decorator';
import { AccessGuard } from './access.guard';
import type { Authenticator } from './authenticator';
import { Principal } from './principal';
import { SharedRateLimiter } from './shared-rate-limiter';

const CONFIG = { auth: { rateLimit: { perSecond: 1, burst: 3 } } } as AppConfig;

function contextFor(url: string, rule: AccessRule | undefined, params: Record<string, string> = {}) {
  const headers: Record<string, string> = {};
  const request = { url, ip: '10.0.0.9', method: 'PUT', params, headers: {} };
  const reply = { header: (k: string, v: string) => (headers[k] = v) };
  const context = {
    getType: () => 'http',
    getHandler: () => (rule ? Object.assign(() => undefined, { rule }) : () => undefined),
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ExecutionContext;
  return { context, headers, request };
}

/** Reads the rule from the fake handler instead of decorator metadata. */
class FakeReflector extends Reflector {
  override get<T>(_: unknown, target: unknown): T {
    return (target as { rule?: T }).rule as T;
  }
}

function guardWith(authenticate: () => Promise<Principal>, recorded: string[] = []): AccessGuard {
  const authenticator = { authenticate } as unknown as Authenticator;
  const denials: AccessDenials = {
    recordDenied: () => Promise.resolve(void recorded.push('denied')),
  };
  // No database: the shared limiter counts in this replica alone, as it does during an outage.
  const limiter = new SharedRateLimiter(
    { query: () => Promise.reject(new Error('database down')) } as unknown as DataSource,
    CONFIG,
  );
  return new AccessGuard(new FakeReflector(), authenticator, denials, limiter);
}

const refuse = () => Promise.reject(new DomainError('UNAUTHENTICATED', 'no'));
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'allowed',
    (e: DomainError) => e.code,
  );

describe(AccessGuard.name, () => {
  it('limits failed authentications per address: guessing tokens gets 429 with Retry-After', async () => {
    const guard = guardWith(refuse);
    const { context, headers } = contextFor('/api/v1/whoami', { role: 'viewer', scope: 'any' });

    const codes = [];
    for (let i = 0; i < 5; i++) {
      codes.push(await codeOf(guard.canActivate(context)));
    }

    expect(codes).toEqual([
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
    expect(headers['retry-after']).toBe('1');
  });

  it('refuses a management route that has no access rule, and leaves other routes open', async () => {
    const guard = guardWith(refuse);

    expect(await codeOf(guard.canActivate(contextFor('/api/v1/forgotten', undefined).context))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(guard.canActivate(contextFor('/health/ready', undefined).context))).toBe('allowed');
  });

  it('checks the role in the namespace of the path and records a refused write as denied', async () => {
    const recorded: string[] = [];
    const operatorOfA = new Principal('op', 'token', ['operator'], ['team-a']);
    const guard = guardWith(() => Promise.resolve(operatorOfA), recorded);
    const rule: AccessRule = { role: 'operator', scope: 'namespace' };

    expect(await codeOf(guard.canActivate(contextFor('/api/v1/x', rule, { ns: 'team-a' }).context))).toBe(
      'allowed',
    );
    expect(await codeOf(guard.canActivate(contextFor('/api/v1/x', rule, { ns: 'team-b' }).context))).toBe(
      'FORBIDDEN',
    );
    expect(recorded).toEqual(['denied']);
  });
});
