import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';

/** The audit entry of the management write being handled, which its own transaction may record. */
export interface AuditScope {
  /** Inserts the request's entry, as succeeded with `statusCode`, through the write's transaction. */
  record(manager: EntityManager, statusCode: number, namespace?: string | null): Promise<void>;
  /** Set once the entry was inserted in a transaction: the interceptor then records nothing more on success. */
  recorded: boolean;
}

const scopes = new AsyncLocalStorage<AuditScope>();

/** Runs a management write's handler with its audit scope (the AuditInterceptor does). */
export const runInAuditScope = <T>(scope: AuditScope, handle: () => T): T => scopes.run(scope, handle);

/**
 * Records the current management write's audit entry in the write's own transaction, just before it commits, so
 * that the entry and the write commit or vanish together: a crash can no longer leave a write without its entry.
 * `statusCode` is the answer the write will give (e.g. 201 for a creation); `namespace`, where the route has none
 * (apply), the entry's. Outside a management request (a
 * consumer, a test), or when the entry is already in, it does nothing. Write paths that cannot call it keep the
 * interceptor's entry, committed after the write (docs/security.md#audit-trail).
 */
export async function auditInTransaction(
  manager: EntityManager,
  statusCode: number,
  namespace?: string | null,
): Promise<void> {
  const scope = scopes.getStore();
  if (!scope || scope.recorded) {
    return;
  }
  await scope.record(manager, statusCode, namespace);
  scope.recorded = true;
}
