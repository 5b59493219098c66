import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** Who is calling, as recorded on decisions. Set by authentication; `anonymous` until it exists. */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest & { actor?: string }>();
  return request.actor ?? 'anonymous';
});
