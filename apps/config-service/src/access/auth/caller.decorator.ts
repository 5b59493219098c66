import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './access.guard';
import type { Principal } from './principal';

/** The principal the access guard put on the request; a route without an access rule has none. */
export function principalOf(ctx: ExecutionContext): Principal {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) {
    throw new Error('Caller or Actor used on a route without an access rule');
  }
  return principal;
}

/** The authenticated caller, for handlers that check objects one by one (scope `any`). */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal =>
  principalOf(ctx),
);
