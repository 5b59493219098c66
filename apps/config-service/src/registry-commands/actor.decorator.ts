import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/access.guard';

/** Who is calling, as recorded on decisions: `token:<name>` or `oidc:<subject>`, set by the access guard. */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) {
    throw new Error('Actor used on a route without an access rule');
  }
  return principal.actor;
});
