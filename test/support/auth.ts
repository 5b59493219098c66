import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The namespace the scoped test tokens hold their roles in. */
export const TEAM_A = 'team-a';

/** Callers of the management API under test: each role for all namespaces, and each for team-a only. */
export const TEST_CALLERS = {
  admin: { roles: ['admin'], namespaces: ['*'] },
  operator: { roles: ['operator'], namespaces: ['*'] },
  viewer: { roles: ['viewer'], namespaces: ['*'] },
  'admin-a': { roles: ['admin'], namespaces: [TEAM_A] },
  'operator-a': { roles: ['operator'], namespaces: [TEAM_A] },
  'viewer-a': { roles: ['viewer'], namespaces: [TEAM_A] },
  /** Only the rate-limit test uses it, so that its bucket is its own. */
  throttled: { roles: ['viewer'], namespaces: ['*'], rateLimit: { perSecond: 1, burst: 5 } },
  /** The replicas' rate-limit test: a burst of 10, refilled by one per 100 s (nothing refills during the test). */
  'shared-throttle': { roles: ['viewer'], namespaces: ['*'], rateLimit: { perSecond: 0.01, burst: 10 } },
} as const;

export type TestCaller = keyof typeof TEST_CALLERS;

/** Test tokens are fixed: the token file holds only their hashes, as a real one does. */
export const tokenOf = (caller: TestCaller): string => `flotta-test-token-${caller}-0123456789abcdef`;

export const bearer = (caller: TestCaller): Record<string, string> => ({
  authorization: `Bearer ${tokenOf(caller)}`,
});

/** Writes the token file the config service under test reads (AUTH_TOKENS_FILE); returns its path. */
export function ensureTokenFile(): string {
  const path = join(tmpdir(), `flotta-test-tokens-${process.env.TEST_PORT_BASE ?? 18080}.json`);
  const content = JSON.stringify({
    tokens: Object.entries(TEST_CALLERS).map(([name, grant]) => ({
      name,
      sha256: createHash('sha256')
        .update(tokenOf(name as TestCaller))
        .digest('hex'),
      ...grant,
    })),
  });
  const current = (() => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  })();
  if (current !== content) {
    writeFileSync(path, content);
  }
  return path;
}
