// The token file the config service reads as AUTH_TOKENS_FILE: `tokens: [{name, sha256, roles, namespaces}]`.
// Shared by scripts/token.mjs (by hand) and scripts/dev-credentials.mjs (compose's first start).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * Mints a bearer token and adds its entry to `file` (created mode 600, or updated in place; an entry of the same
 * name is replaced). Only the token's SHA-256 is written; the token is returned for the caller to show once.
 */
export function mintToken(file, name, roles, namespaces) {
  const document = existsSync(file) ? (parse(readFileSync(file, 'utf8')) ?? {}) : {};
  const tokens = (document.tokens ?? []).filter((t) => t.name !== name);
  const token = `fct_${randomBytes(32).toString('base64url')}`;
  tokens.push({ name, sha256: createHash('sha256').update(token).digest('hex'), roles, namespaces });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, stringify({ tokens }), { mode: 0o600 });
  return token;
}
