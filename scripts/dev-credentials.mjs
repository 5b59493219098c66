#!/usr/bin/env node
// The config service's credentials on a compose host, made by the setup one-shot so that `docker compose up`
// needs no step before it. Into <dir> (a named volume the config service mounts read-only):
//   secrets-key             a development SECRETS_ENCRYPTION_KEY (base64 of 32 bytes), made on the first start and
//                           kept; not made when SECRETS_ENCRYPTION_KEY is set (production: the config service
//                           then uses that one).
//   management-tokens.yaml  AUTH_TOKENS_FILE. With FLOTTA_MANAGEMENT_TOKENS set (production: a token file's
//                           content, SHA-256 hashes only), written from it at every start. Otherwise made on the
//                           first start with one development admin token, printed here once: only its hash is kept.
//   read-secret             CONFIG_SERVICE_READ_SECRET_FILE of the config service and the gateway: the shared secret
//                           of the read port. With FLOTTA_READ_SECRET set, written from it at every start;
//                           otherwise made on the first start and kept.
//   node scripts/dev-credentials.mjs /var/lib/flotta-edge
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mintToken } from './token-file.mjs';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node scripts/dev-credentials.mjs <dir>\n');
  process.exit(2);
}
const log = (line) => process.stdout.write(`[dev-credentials] ${line}\n`);
mkdirSync(dir, { recursive: true });

const keyFile = join(dir, 'secrets-key');
if (process.env.SECRETS_ENCRYPTION_KEY) {
  log('SECRETS_ENCRYPTION_KEY is set: the config service uses it, no development key is made');
} else if (existsSync(keyFile)) {
  log(`keeping the development secrets key in ${keyFile}`);
} else {
  writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
  log(`made a development secrets key in ${keyFile}; set FLOTTA_SECRETS_ENCRYPTION_KEY in production`);
}

const readSecretFile = join(dir, 'read-secret');
if (process.env.FLOTTA_READ_SECRET) {
  writeFileSync(readSecretFile, process.env.FLOTTA_READ_SECRET, { mode: 0o600 });
  log(`wrote ${readSecretFile} from FLOTTA_READ_SECRET`);
} else if (existsSync(readSecretFile)) {
  log(`keeping the read port's secret in ${readSecretFile}`);
} else {
  writeFileSync(readSecretFile, randomBytes(32).toString('base64'), { mode: 0o600 });
  log(`made the read port's secret in ${readSecretFile}`);
}

const tokensFile = join(dir, 'management-tokens.yaml');
if (process.env.FLOTTA_MANAGEMENT_TOKENS) {
  writeFileSync(tokensFile, process.env.FLOTTA_MANAGEMENT_TOKENS, { mode: 0o600 });
  log(`wrote ${tokensFile} from FLOTTA_MANAGEMENT_TOKENS`);
} else if (existsSync(tokensFile)) {
  log(
    `keeping the management tokens in ${tokensFile} (the development admin token was printed at first start)`,
  );
} else {
  const token = mintToken(tokensFile, 'dev-admin', ['admin'], ['*']);
  log('development admin token for the management API, shown this once (only its SHA-256 is kept):');
  process.stdout.write(`${token}\n`);
  log('set FLOTTA_MANAGEMENT_TOKENS (or OIDC) in production');
}
