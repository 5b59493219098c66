import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const APPS = ['gateway', 'config-service', 'registration-worker', 'heartbeat-worker'];

describe('configuration validated at boot', () => {
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
