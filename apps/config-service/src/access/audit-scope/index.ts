// The audit scope of a management write: what its transaction needs to record the write's audit entry.
export { auditInTransaction, runInAuditScope, type AuditScope } from './audit-scope';
