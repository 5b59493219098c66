import { DomainError } from '@lib/platform';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** The `If-Match` header, quotes removed (`"3"`, `3` and `W/"3"` all mean resourceVersion 3). */
export const IfMatch = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const { headers } = ctx.switchToHttp().getRequest<FastifyRequest>();
  const header = headers['if-match'] as string | string[] | undefined;
  const value = Array.isArray(header) ? header[0] : header;
  return value?.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
});

/**
 * Optimistic concurrency: with `If-Match`, the write applies only to that resourceVersion (`*`: it must exist).
 */
export function checkIfMatch(
  what: string,
  existing: { resourceVersion: number } | null,
  ifMatch: string | undefined,
): void {
  if (ifMatch === undefined) {
    return;
  }
  if (!existing) {
    throw new DomainError('PRECONDITION_FAILED', `${what} does not exist (If-Match: ${ifMatch})`);
  }
  if (ifMatch !== '*' && ifMatch !== String(existing.resourceVersion)) {
    throw new DomainError(
      'PRECONDITION_FAILED',
      `${what} is at resourceVersion ${existing.resourceVersion}, not ${ifMatch}`,
    );
  }
}

/** What a write did; `unchanged` when the stored spec was already equal (no new resourceVersion). */
export type WriteOutcome = 'created' | 'updated' | 'unchanged';

/** The answer to a create-or-replace: 201 when it created, else 200 (the controllers and the audit entry). */
export const writeStatus = (outcome: WriteOutcome): 201 | 200 => (outcome === 'created' ? 201 : 200);

export const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
