#!/usr/bin/env node
// Mints a management API bearer token and adds its entry (the SHA-256, never the token) to a token file.
//   node scripts/token.mjs <name> <roles> <namespaces> [file]
//   node scripts/token.mjs alice operator team-a,team-b .stack/management-tokens.yaml
// roles: viewer, operator, admin (comma-separated); namespaces: DNS-1123 labels or '*' for all.
// Prints the token on stdout, once; the file is created (mode 600) or updated in place.
import { mintToken } from './token-file.mjs';

const [name, roles, namespaces, file = '.stack/management-tokens.yaml'] = process.argv.slice(2);
if (!name || !roles || !namespaces) {
  process.stderr.write('usage: node scripts/token.mjs <name> <roles> <namespaces> [file]\n');
  process.exit(2);
}
process.stdout.write(`${mintToken(file, name, roles.split(','), namespaces.split(','))}\n`);
