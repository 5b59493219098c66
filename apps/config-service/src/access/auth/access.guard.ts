import { DomainError } from '@lib/platform';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessDenials } from './access-denials';
import { ACCESS_RULE, type AccessRule } from './access.decorator';
import { Authenticator } from './authenticator';
import { ALL_NAMESPACES, type Principal } from './principal';
import type { RateLimit } from './rate-limiter';
import { SharedRateLimiter } from './shared-rate-limiter';

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal; auditNamespace?: string | null };

/**
 * Authentication, rate limit and role check of every management route. Failed authentications count against
 * the caller's address, so guessing tokens is rate limited too.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly denials: AccessDenials,
    private readonly limiter: SharedRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS_RULE, context.getHandler());
    if (!rule) {
      // Health, metrics and the OpenAPI document are open; a management route without a rule is a bug.
      if (request.url.startsWith('/api/v1')) {
        throw new DomainError('FORBIDDEN', 'This route has no access rule');
      }
      return true;
    }
    let principal: Principal;
    try {
      principal = await this.authenticator.authenticate(request.headers.authorization);
    } catch (error) {
      await this.limit(`ip:${request.ip}`, reply);
      void reply.header('www-authenticate', 'Bearer realm="flotta-management"');
      throw error;
    }
    await this.limit(principal.actor, reply, principal.rateLimit);
    request.principal = principal;
    const namespace = this.namespaceOf(rule, request);
    if (rule.role !== 'authenticated' && !principal.can(rule.role, namespace)) {
      if (rule.role !== 'viewer') {
        await this.denials.recordDenied(request, principal);
      }
      principal.require(rule.role, namespace);
    }
    return true;
  }

  private namespaceOf(rule: AccessRule, request: FastifyRequest): string | undefined {
    switch (rule.scope) {
      case 'any':
        return undefined;
      case 'cluster':
        return ALL_NAMESPACES;
      case 'namespace':
        // A namespaced rule on a route without :ns would be a bug: it falls back to the strictest check.
        return (request.params as { ns?: string }).ns ?? ALL_NAMESPACES;
    }
  }

  private async limit(key: string, reply: FastifyReply, limits?: RateLimit): Promise<void> {
    const wait = await this.limiter.take(key, limits);
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw new DomainError('RATE_LIMITED', `Too many requests; retry in ${wait} s`);
    }
  }
}
