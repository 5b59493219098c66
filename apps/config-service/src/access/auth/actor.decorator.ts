import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { principalOf } from './caller.decorator';

/** Who is calling, as recorded on decisions: `token:<name>` or `oidc:<subject>`, set by the access guard. */
export const Actor = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string => principalOf(ctx).actor,
);
