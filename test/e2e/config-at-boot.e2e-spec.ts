import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const APPS = ['gateway', 'config-service', 'registration-worker', 'heartbeat-worker'];

const boot = (app: string, env: Record<string, string>) =>
  spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'apps', app, 'src', 'main.js')], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });

describe('configuration validated at boot', () => {
  it('refuses a config service without a way to authenticate the management API', () => {
    const result = boot('config-service', { SECRETS_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'AUTH_TOKENS_FILE=(unset): the config service needs AUTH_TOKENS_FILE or OIDC_ISSUER',
    );
  });

  it('refuses a config service whose token file holds a plain token instead of its hash', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'boot-')), 'tokens.yaml');
    writeFileSync(
      file,
      'tokens:\n  - name: ops\n    sha256: my-secret-token\n    roles: [admin]\n    namespaces: ["*"]\n',
    );
    const result = boot('config-service', {
      SECRETS_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      AUTH_TOKENS_FILE: file,
    });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`AUTH_TOKENS_FILE=${file}: tokens[0] (ops) needs sha256`);
    expect(result.stderr).not.toContain('    at ');
  });

  it('refuses a config service that opens the read port beyond loopback without its shared secret', () => {
    const result = boot('config-service', {
      SECRETS_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      OIDC_ISSUER: 'https://sso.example',
      OIDC_AUDIENCE: 'edge',
      CONFIG_SERVICE_TCP_HOST: '0.0.0.0',
    });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('CONFIG_SERVICE_READ_SECRET=(unset): required');
    expect(result.stderr).toContain('CONFIG_SERVICE_TCP_HOST=0.0.0.0 is not loopback');
  });

  it('refuses a gateway whose read port secret file is missing or short, naming the variable, never the content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'boot-'));
    const short = join(dir, 'read-secret');
    writeFileSync(short, 'too-short-a-secret');
    const missing = boot('gateway', { CONFIG_SERVICE_READ_SECRET_FILE: join(dir, 'none') });
    const tooShort = boot('gateway', { CONFIG_SERVICE_READ_SECRET_FILE: short });

    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(
      `CONFIG_SERVICE_READ_SECRET_FILE=${join(dir, 'none')}: cannot be read (ENOENT)`,
    );
    expect(tooShort.status).toBe(1);
    expect(tooShort.stderr).toContain(
      `CONFIG_SERVICE_READ_SECRET_FILE=${short}: must hold at least 32 characters`,
    );
    expect(tooShort.stderr).not.toContain('too-short-a-secret');
  });

  it.each(APPS)('%s refuses to start on bad configuration, naming each bad variable', (app) => {
    const result = spawnSync(
      process.execPath,
      [join(__dirname, '..', '..', 'dist', 'apps', app, 'src', 'main.js')],
      {
        env: {
          PATH: process.env.PATH,
          DB_PORT: 'abc',
          KAFKA_BROKERS: 'no-port',
          LOG_LEVEL: 'loud',
          TLS_CERT_FILE: '/etc/cert.pem',
        },
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    for (const variable of [
      'DB_PORT=abc',
      'KAFKA_BROKERS=no-port',
      'LOG_LEVEL=loud',
      'TLS_KEY_FILE',
      'TLS_CA_FILE',
    ]) {
      expect(result.stderr).toContain(variable);
    }
  });
});
