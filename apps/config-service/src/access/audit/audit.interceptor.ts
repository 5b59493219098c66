import { DomainError, statusOf } from '@lib/platform';
import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { catchError, concatMap, from, type Observable, of } from 'rxjs';
import { type AuditScope, runInAuditScope } from '../audit-scope';
import { ACCESS_RULE, type AccessRule } from '../auth/access.decorator';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { AuditLog } from './audit-log';

/**
 * Records every management write with its outcome, before the answer leaves: reads (viewer routes) are not
 * audited, refusals by the access guard are recorded by the guard.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger(AuditInterceptor.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditLog,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS_RULE, context.getHandler());
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = request.principal;
    if (
      context.getType() !== 'http' ||
      !rule ||
      rule.role === 'viewer' ||
      request.method === 'GET' ||
      !principal
    ) {
      return next.handle();
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const outcomeOf = (statusCode: number) => ({
      principal,
      outcome:
        statusCode < 400
          ? ('succeeded' as const)
          : statusCode === 403
            ? ('denied' as const)
            : ('failed' as const),
      statusCode,
      namespace: request.auditNamespace,
    });
    const record = (statusCode: number) => this.audit.recordRequest(request, outcomeOf(statusCode));
    // A write path that records its entry in its own transaction (auditInTransaction) makes it commit with it.
    const scope: AuditScope = {
      recorded: false,
      record: (manager, statusCode, namespace) =>
        this.audit.recordRequestIn(manager, request, {
          ...outcomeOf(statusCode),
          ...(namespace !== undefined ? { namespace } : {}),
        }),
    };
    // Nest binds the handler to the async context in which handle() is called: the scope reaches the handler.
    const handled = runInAuditScope(scope, () => next.handle());
    return handled.pipe(
      concatMap((result: unknown) => {
        if (scope.recorded) {
          this.audit.published();
          return of(result);
        }
        return from(record(reply.statusCode).then(() => result));
      }),
      // The caller gets the original error even if recording it failed; that failure is logged. A write that
      // committed with its entry and failed after it has both entries: it happened, and its answer was an error.
      catchError((error: unknown) =>
        from(
          record(statusOfError(error)).then(
            () => Promise.reject(asError(error)),
            (auditError: unknown) => {
              this.logger.error({ err: auditError, msg: 'Audit entry of a failed request not recorded' });
              return Promise.reject(asError(error));
            },
          ),
        ),
      ),
    );
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

function statusOfError(error: unknown): number {
  if (error instanceof DomainError) {
    return statusOf(error.code);
  }
  return error instanceof HttpException ? error.getStatus() : 500;
}
