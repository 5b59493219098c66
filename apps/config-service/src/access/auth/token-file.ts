import { InvalidConfigError, ROLES, type Role } from '@lib/config';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ALL_NAMESPACES } from './principal';
import type { RateLimit } from './rate-limiter';

export interface TokenGrant {
  name: string;
  sha256: string;
  roles: Role[];
  namespaces: string[];
  source: 'file' | 'api';
  expiresAt?: Date | null;
  /** Overrides MANAGEMENT_RATE_LIMIT_* for this token (e.g. a CI bot that applies many manifests). */
  rateLimit?: RateLimit;
}

const NAMESPACE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?|\*)$/;
const TOKEN_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * Reads AUTH_TOKENS_FILE: `tokens: [{name, sha256, roles, namespaces}]` (YAML or JSON). Every problem is named
 * at once, under the variable's name, so a bad file stops the config service at boot like any bad variable.
 */
export function readTokenFile(path: string): Map<string, TokenGrant> {
  let document: unknown;
  try {
    document = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InvalidConfigError([
      `AUTH_TOKENS_FILE=${path}: cannot be read as YAML: ${(error as Error).message}`,
    ]);
  }
  const entries = (document as { tokens?: unknown } | null)?.tokens;
  if (!Array.isArray(entries)) {
    throw new InvalidConfigError([`AUTH_TOKENS_FILE=${path}: must hold a list under "tokens"`]);
  }
  const problems: string[] = [];
  const grants = new Map<string, TokenGrant>();
  const names = new Set<string>();
  entries.forEach((entry: unknown, index) => {
    const problem = checkEntry(entry);
    const e = entry as TokenGrant;
    if (problem) {
      problems.push(`AUTH_TOKENS_FILE=${path}: tokens[${index}] ${problem}`);
    } else if (names.has(e.name) || grants.has(e.sha256.toLowerCase())) {
      problems.push(`AUTH_TOKENS_FILE=${path}: tokens[${index}] repeats a name or a token`);
    } else {
      names.add(e.name);
      grants.set(e.sha256.toLowerCase(), {
        name: e.name,
        sha256: e.sha256.toLowerCase(),
        roles: e.roles,
        namespaces: e.namespaces,
        source: 'file',
        ...(e.rateLimit ? { rateLimit: e.rateLimit } : {}),
      });
    }
  });
  if (problems.length > 0) {
    throw new InvalidConfigError(problems);
  }
  return grants;
}

function checkEntry(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) {
    return 'must be an object';
  }
  const { name, sha256, roles, namespaces } = entry as Record<string, unknown>;
  if (typeof name !== 'string' || name.length > 63 || !TOKEN_NAME.test(name)) {
    return 'needs a name of lowercase letters, digits, "-" and "." (at most 63)';
  }
  if (typeof sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(sha256)) {
    return `(${name}) needs sha256: the hex SHA-256 of the token, never the token itself`;
  }
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => ROLES.includes(r as Role))) {
    return `(${name}) needs roles from ${ROLES.join(', ')}`;
  }
  if (
    !Array.isArray(namespaces) ||
    namespaces.length === 0 ||
    !namespaces.every((n) => typeof n === 'string' && NAMESPACE.test(n))
  ) {
    return `(${name}) needs namespaces: DNS-1123 labels, or "${ALL_NAMESPACES}" for all`;
  }
  const { rateLimit } = entry as { rateLimit?: Partial<RateLimit> };
  if (
    rateLimit !== undefined &&
    !(positive(rateLimit?.perSecond) && positive(rateLimit?.burst) && rateLimit.burst! >= 1)
  ) {
    return `(${name}) rateLimit needs perSecond and burst, both positive numbers`;
  }
  return undefined;
}

const positive = (value: unknown): boolean =>
  typeof value === 'number' && Number.isFinite(value) && value > 0;
