import { ROLES, type Role } from '@lib/config';
import { DomainError } from '@lib/platform';
import type { RateLimit } from './rate-limiter';

/** The namespace entry that grants a role everywhere, cluster-wide resources included. */
export const ALL_NAMESPACES = '*';

/** Where a route's role must be held: the `:ns` of its path, everywhere, or anywhere (the service narrows it). */
export type AccessScope = 'namespace' | 'cluster' | 'any';

/** What a caller may see or do with a role: every namespace, or these. */
export type NamespaceScope = typeof ALL_NAMESPACES | readonly string[];

const rank = (role: Role): number => ROLES.indexOf(role);

/**
 * An authenticated caller. Roles nest (admin ⊃ operator ⊃ viewer) and apply in each of its namespaces, so the
 * highest role is all that counts.
 */
export class Principal {
  private readonly level: number;

  constructor(
    readonly name: string,
    readonly kind: 'token' | 'oidc',
    readonly roles: readonly Role[],
    readonly namespaces: readonly string[],
    /** Its own request limits, when its token file entry sets them. */
    readonly rateLimit?: RateLimit,
  ) {
    this.level = Math.max(-1, ...roles.map(rank));
  }

  /** As recorded on decisions and in the audit trail. */
  get actor(): string {
    return `${this.kind}:${this.name}`;
  }

  /** `namespace` undefined: the role in at least one namespace. */
  can(role: Role, namespace?: string): boolean {
    if (this.level < rank(role) || this.namespaces.length === 0) {
      return false;
    }
    return (
      namespace === undefined ||
      this.namespaces.includes(ALL_NAMESPACES) ||
      (namespace !== ALL_NAMESPACES && this.namespaces.includes(namespace))
    );
  }

  require(role: Role, namespace?: string): void {
    if (!this.can(role, namespace)) {
      const where =
        namespace === undefined
          ? 'in any namespace'
          : namespace === ALL_NAMESPACES
            ? 'for all namespaces'
            : `in namespace ${namespace}`;
      throw new DomainError('FORBIDDEN', `${this.actor} needs the ${role} role ${where}`);
    }
  }

  /** The namespaces where the caller holds the role: lists show nothing from elsewhere. */
  scope(role: Role): NamespaceScope {
    if (!this.can(role)) {
      return [];
    }
    return this.namespaces.includes(ALL_NAMESPACES) ? ALL_NAMESPACES : this.namespaces;
  }
}

/** Whether a namespace (null: cluster-wide) is within a scope. */
export function inScope(scope: NamespaceScope, namespace: string | null): boolean {
  return scope === ALL_NAMESPACES || (namespace !== null && scope.includes(namespace));
}
