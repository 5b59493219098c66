import { createContext, useContext } from 'react';

export type Role = 'viewer' | 'operator' | 'admin';

export interface Whoami {
  actor: string;
  name: string;
  kind: string;
  roles: Role[];
  namespaces: string[];
}

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** Whether the caller holds `role` (or a higher one) in `namespace` (any namespace when omitted). */
export function can(who: Whoami | null, role: Role, namespace?: string): boolean {
  if (!who) {
    return false;
  }
  const held = who.roles.some((r) => RANK[r] >= RANK[role]);
  const where = namespace === undefined || who.namespaces.includes('*') || who.namespaces.includes(namespace);
  return held && where;
}

export const WhoamiContext = createContext<Whoami | null>(null);

export const useWhoami = (): Whoami | null => useContext(WhoamiContext);

/** The role check the pages use to hide or disable controls; the server enforces it regardless. */
export function useCan(role: Role, namespace?: string): boolean {
  return can(useWhoami(), role, namespace);
}
