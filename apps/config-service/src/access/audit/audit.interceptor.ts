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
import { catchError, concatMap, from, type Observable } from 'rxjs';
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
    const record = (statusCode: number) =>
      this.audit.recordRequest(request, {
        principal,
        outcome: statusCode < 400 ? 'succeeded' : statusCode === 403 ? 'denied' : 'failed',
        statusCode,
        namespace: request.auditNamespace,
      });
    return next.handle().pipe(
      concatMap((result: unknown) => from(record(reply.statusCode).then(() => result))),
      // The caller gets the original error even if recording it failed; that failure is logged.
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
