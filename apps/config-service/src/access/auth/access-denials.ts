import type { FastifyRequest } from 'fastify';
import type { Principal } from './principal';

/**
 * Where the access guard reports a refused write. The audit trail provides it (AccessModule binds it to AuditLog),
 * so authentication does not import the audit folder that imports it.
 */
export abstract class AccessDenials {
  abstract recordDenied(request: FastifyRequest, principal: Principal): Promise<void>;
}
