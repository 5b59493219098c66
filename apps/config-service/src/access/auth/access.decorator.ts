import type { Role } from '@lib/config';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiForbiddenResponse,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AccessScope } from './principal';

export const ACCESS_RULE = 'flotta:access-rule';

/** `authenticated`: any valid caller, whatever its roles. */
export interface AccessRule {
  role: Role | 'authenticated';
  scope: AccessScope;
}

const WHERE: Record<AccessScope, string> = {
  namespace: 'in the namespace of the path',
  cluster: 'for all namespaces (`*`)',
  any: 'in at least one namespace; the objects touched are checked one by one',
};

/**
 * Who may call a management route. Every /api/v1 route carries one: the guard refuses a route without it. The
 * OpenAPI document shows it as the bearer requirement and the `x-required-role` extension.
 */
export function Access(role: AccessRule['role'], scope: AccessScope = 'namespace'): MethodDecorator {
  return applyDecorators(
    SetMetadata(ACCESS_RULE, { role, scope } satisfies AccessRule),
    ApiBearerAuth(),
    ApiExtension('x-required-role', { role, scope }),
    ApiUnauthorizedResponse({ description: 'No valid bearer token' }),
    ApiForbiddenResponse({ description: `Needs the ${role} role ${WHERE[scope]}` }),
    ApiTooManyRequestsResponse({ description: 'Rate limit of the caller reached; see Retry-After' }),
  );
}
