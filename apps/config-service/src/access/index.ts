// The access feature's public surface: what the other features and the app's root may import.
export { AccessModule } from './access.module';
export { auditInTransaction } from './audit-scope';
export { AuditLog } from './audit/audit-log';
export { Access } from './auth/access.decorator';
export type { AuthenticatedRequest } from './auth/access.guard';
export { Actor } from './auth/actor.decorator';
export { Caller } from './auth/caller.decorator';
export { ALL_NAMESPACES, Principal, inScope, type NamespaceScope } from './auth/principal';
export { readTokenFile } from './auth/token-file';
