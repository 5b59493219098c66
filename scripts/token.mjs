#!/usr/bin/env node
// Mints a management API bearer token and adds its entry (the SHA-256, never the token) to a token file.
//   node scripts/token.mjs <name> <roles> <namespaces> [file]
//   node scripts/token.mjs alice operator team-a,team-b .stack/management-tokens.yaml
// roles: viewer, operator, admin (comma-separated); namespaces: DNS-1123 labels or '*' for all.
// Prints the token on stdout, once; the file is created (mode 600) or updated in place.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse, stringify } from 'yaml';

const [name, roles, namespaces, file = '.stack/management-tokens.yaml'] = process.argv.slice(2);
if (!name || !roles || !namespaces) {
  process.stderr.write('usage: node scripts/token.mjs <name> <roles> <namespaces> [file]\n');
  process.exit(2);
}
const document = existsSync(file) ? (parse(readFileSync(file, 'utf8')) ?? {}) : {};
const tokens = (document.tokens ?? []).filter((t) => t.name !== name);
const token = `fct_${randomBytes(32).toString('base64url')}`;
tokens.push({
  name,
  sha256: createHash('sha256').update(token).digest('hex'),
  roles: roles.split(','),
  namespaces: namespaces.split(','),
});
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, stringify({ tokens }), { mode: 0o600 });
process.stdout.write(`${token}\n`);
