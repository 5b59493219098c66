import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidConfigError, parseEnv, toAppConfig } from './load-config';
import { loadReadSecret } from './read-secret';

const KEY = Buffer.alloc(32, 7).toString('base64');

/** Returns what parseEnv threw, or fails the test when it did not throw. */
function errorOf(env: Record<string, string | undefined>): InvalidConfigError {
  try {
    parseEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return error as InvalidConfigError;
  }
  return expect.unreachable('parseEnv did not throw');
}

describe(parseEnv.name, () => {
  describe('defaults', () => {
    it('accepts an empty environment', () => {
      expect(() => parseEnv({})).not.toThrow();
    });

    it('applies the defaults of an empty environment', () => {
      const env = parseEnv({});

      expect(env).toMatchObject({
        DB_PORT: 5432,
        DB_SSL: false,
        KAFKA_BROKERS: '127.0.0.1:9092',
        INITIAL_NAMESPACE: 'default',
        LOG_LEVEL: 'info',
      });
      expect(env.HTTP_PORT).toBeUndefined();
      expect(env.TLS_CERT_FILE).toBeUndefined();
    });

    it('treats empty strings as unset', () => {
      const env = parseEnv({
        DB_PORT: '',
        DB_SSL: '',
        LOG_LEVEL: '',
        HTTP_PORT: '',
        KAFKA_BROKERS: '',
        INITIAL_NAMESPACE: '',
        TLS_CERT_FILE: '',
      });

      expect(env).toEqual(parseEnv({}));
    });

    it('treats undefined values as unset', () => {
      expect(parseEnv({ DB_PORT: undefined, LOG_LEVEL: undefined })).toEqual(parseEnv({}));
    });

    it('ignores variables it does not know', () => {
      expect(() => parseEnv({ PATH: '/usr/bin', HOME: '/root', npm_config_cache: 'x' })).not.toThrow();
    });
  });

  describe('conversion', () => {
    it('converts numbers', () => {
      const env = parseEnv({ DB_PORT: '6543', HTTP_PORT: '9000', DB_POOL_SIZE: '25' });

      expect(env.DB_PORT).toBe(6543);
      expect(env.HTTP_PORT).toBe(9000);
      expect(env.DB_POOL_SIZE).toBe(25);
    });

    it('reads DB_SSL=false as false', () => {
      expect(parseEnv({ DB_SSL: 'false' }).DB_SSL).toBe(false);
    });

    it('reads DB_SSL=true as true', () => {
      expect(parseEnv({ DB_SSL: 'true' }).DB_SSL).toBe(true);
    });

    it('rejects DB_SSL=yes', () => {
      expect(errorOf({ DB_SSL: 'yes' }).message).toMatch(/DB_SSL="?yes"?/);
    });

    it('keeps strings as given', () => {
      const env = parseEnv({
        KAFKA_BROKERS: 'k1:9092,k2:9093',
        INITIAL_NAMESPACE: 'edge',
        LOG_LEVEL: 'debug',
      });

      expect(env.KAFKA_BROKERS).toBe('k1:9092,k2:9093');
      expect(env.INITIAL_NAMESPACE).toBe('edge');
      expect(env.LOG_LEVEL).toBe('debug');
    });
  });

  describe('invalid values', () => {
    it.each([
      ['DB_PORT', 'abc'],
      ['DB_PORT', '5432.5'],
      ['DB_PORT', '0'],
      ['DB_PORT', '70000'],
      ['HTTP_PORT', 'http'],
      ['KAFKA_BROKERS', 'x'],
      ['KAFKA_BROKERS', 'k1:9092,'],
      ['KAFKA_BROKERS', 'k1:9092, k2:9092'],
      ['LOG_LEVEL', 'loud'],
      ['LOG_SAMPLE_RATE', '1.5'],
      ['LOG_SAMPLE_RATE', 'some'],
      ['LOG_SLOW_REQUEST_MS', '0'],
      ['NODE_ENV', 'staging'],
      ['INITIAL_NAMESPACE', 'Bad_NS'],
      ['INITIAL_NAMESPACE', '-ns'],
    ])('rejects %s=%s, naming the variable', (name, value) => {
      const error = errorOf({ [name]: value });

      expect(error.message).toContain(name);
      expect(error.problems).toHaveLength(1);
    });

    it('names every bad variable with its value', () => {
      const error = errorOf({
        DB_PORT: 'abc',
        KAFKA_BROKERS: 'x',
        LOG_LEVEL: 'loud',
        INITIAL_NAMESPACE: 'Bad_NS',
        DB_HOST: 'db.internal',
      });

      expect(error.problems).toHaveLength(4);
      expect(error.message).toMatch(/DB_PORT="?abc"?/);
      expect(error.message).toMatch(/KAFKA_BROKERS="?x"?/);
      expect(error.message).toMatch(/LOG_LEVEL="?loud"?/);
      expect(error.message).toMatch(/INITIAL_NAMESPACE="?Bad_NS"?/);
      expect(error.message).not.toContain('DB_HOST');
    });

    it('shows each bad variable in the NAME=value form', () => {
      const error = errorOf({
        DB_PORT: 'abc',
        KAFKA_BROKERS: 'x',
        LOG_LEVEL: 'loud',
        INITIAL_NAMESPACE: 'Bad_NS',
      });

      expect(error.message).toContain('DB_PORT=abc');
      expect(error.message).toContain('KAFKA_BROKERS=x');
      expect(error.message).toContain('LOG_LEVEL=loud');
      expect(error.message).toContain('INITIAL_NAMESPACE=Bad_NS');
    });

    it('gives the error the name InvalidConfigError', () => {
      expect(errorOf({ DB_PORT: 'abc' }).name).toBe('InvalidConfigError');
    });
  });

  describe('TLS files', () => {
    const tls = { TLS_CERT_FILE: '/tls/tls.crt', TLS_KEY_FILE: '/tls/tls.key', TLS_CA_FILE: '/tls/ca.crt' };

    it('accepts the three TLS files together', () => {
      expect(parseEnv(tls)).toMatchObject(tls);
    });

    it.each([
      ['TLS_CERT_FILE', ['TLS_KEY_FILE', 'TLS_CA_FILE']],
      ['TLS_KEY_FILE', ['TLS_CERT_FILE', 'TLS_CA_FILE']],
      ['TLS_CA_FILE', ['TLS_CERT_FILE', 'TLS_KEY_FILE']],
    ] as const)('rejects %s alone, naming the other two', (set, missing) => {
      const error = errorOf({ [set]: tls[set] });

      for (const name of missing) {
        expect(error.message).toContain(name);
      }
      expect(error.problems.some((p) => p.startsWith(`${set}=`))).toBe(false);
    });

    it('rejects two TLS files without the third, naming the missing one', () => {
      const error = errorOf({ TLS_CERT_FILE: tls.TLS_CERT_FILE, TLS_KEY_FILE: tls.TLS_KEY_FILE });

      expect(error.problems).toHaveLength(1);
      expect(error.message).toContain('TLS_CA_FILE');
    });

    it('treats an empty TLS variable as unset when the others are unset too', () => {
      expect(() => parseEnv({ TLS_CERT_FILE: '', TLS_KEY_FILE: '', TLS_CA_FILE: '' })).not.toThrow();
    });
  });
});

const CONFIG_SERVICE_ENV = { SECRETS_ENCRYPTION_KEY: KEY, AUTH_TOKENS_FILE: '/etc/flotta/tokens.yaml' };

describe(toAppConfig.name, () => {
  describe('http', () => {
    it('gives the gateway port 8080 by default', () => {
      expect(toAppConfig('gateway', parseEnv({})).http.port).toBe(8080);
    });

    it('lets HTTP_PORT override the port', () => {
      expect(toAppConfig('gateway', parseEnv({ HTTP_PORT: '9443' })).http.port).toBe(9443);
    });

    it('gives each HTTP app its own default port', () => {
      const env = parseEnv(CONFIG_SERVICE_ENV);
      const ports = (['gateway', 'config-service', 'registration-worker', 'heartbeat-worker'] as const).map(
        (app) => toAppConfig(app, env).http.port,
      );

      expect(new Set(ports).size).toBe(ports.length);
      for (const port of ports) {
        expect(port).toBeGreaterThan(0);
      }
    });

    it('configures TLS only when all three files are set', () => {
      const withTls = parseEnv({ TLS_CERT_FILE: '/c', TLS_KEY_FILE: '/k', TLS_CA_FILE: '/ca' });

      expect(toAppConfig('gateway', withTls).http.tls).toEqual({
        certFile: '/c',
        keyFile: '/k',
        caFile: '/ca',
        clientCommonNames: ['*'],
      });
      expect(toAppConfig('gateway', parseEnv({})).http.tls).toBeUndefined();
    });

    it('reads the allowed client certificate names as a list', () => {
      const env = parseEnv({
        TLS_CERT_FILE: '/c',
        TLS_KEY_FILE: '/k',
        TLS_CA_FILE: '/ca',
        TLS_CLIENT_COMMON_NAMES: '*, edge-api.example',
      });
      expect(toAppConfig('gateway', env).http.tls?.clientCommonNames).toEqual(['*', 'edge-api.example']);
    });
  });

  describe('kafka', () => {
    it('splits the brokers on commas', () => {
      const config = toAppConfig('gateway', parseEnv({ KAFKA_BROKERS: 'k1:9092,k2:9093,k3:9094' }));

      expect(config.kafka.brokers).toEqual(['k1:9092', 'k2:9093', 'k3:9094']);
    });

    it('gives a single broker as a list of one', () => {
      expect(toAppConfig('gateway', parseEnv({ KAFKA_BROKERS: 'k1:9092' })).kafka.brokers).toEqual([
        'k1:9092',
      ]);
    });

    it.each(['gateway', 'registration-worker', 'heartbeat-worker', 'config-service'] as const)(
      'defaults the group and client IDs of %s to the app name',
      (app) => {
        const config = toAppConfig(app, parseEnv(CONFIG_SERVICE_ENV));

        expect(config.kafka.groupId).toBe(app);
        expect(config.kafka.clientId).toBe(app);
      },
    );

    it('lets KAFKA_GROUP_ID and KAFKA_CLIENT_ID override the app name', () => {
      const config = toAppConfig('gateway', parseEnv({ KAFKA_GROUP_ID: 'g', KAFKA_CLIENT_ID: 'c' }));

      expect(config.kafka.groupId).toBe('g');
      expect(config.kafka.clientId).toBe('c');
    });
  });

  describe('other sections', () => {
    it('maps the database settings', () => {
      const config = toAppConfig(
        'registration-worker',
        parseEnv({
          DB_HOST: 'db',
          DB_PORT: '6543',
          DB_USER: 'u',
          DB_PASSWORD: 'p',
          DB_NAME: 'n',
          DB_SSL: 'true',
        }),
      );

      expect(config.db).toMatchObject({
        host: 'db',
        port: 6543,
        user: 'u',
        password: 'p',
        name: 'n',
        ssl: true,
      });
    });

    it('records the app and the initial namespace', () => {
      const config = toAppConfig('registration-worker', parseEnv({ INITIAL_NAMESPACE: 'edge' }));

      expect(config.app).toBe('registration-worker');
      expect(config.registry.initialNamespace).toBe('edge');
    });

    it('uses the log level from the environment', () => {
      expect(toAppConfig('gateway', parseEnv({ LOG_LEVEL: 'debug' })).log.level).toBe('debug');
    });
  });

  describe('secrets', () => {
    it('requires SECRETS_ENCRYPTION_KEY for the config service, naming it', () => {
      expect(() => toAppConfig('config-service', parseEnv({}))).toThrow(InvalidConfigError);
      expect(() => toAppConfig('config-service', parseEnv({}))).toThrow(/SECRETS_ENCRYPTION_KEY/);
    });

    it('does not require it for the other apps, nor give it to them', () => {
      expect(toAppConfig('gateway', parseEnv(CONFIG_SERVICE_ENV)).secrets.encryptionKey).toBe(undefined);
    });

    it('decodes the key for the config service', () => {
      const config = toAppConfig('config-service', parseEnv(CONFIG_SERVICE_ENV));

      expect(config.secrets.encryptionKey).toEqual(Buffer.alloc(32, 7));
    });

    it.each(['not base64!', Buffer.alloc(16).toString('base64')])('rejects the key %s', (key) => {
      expect(errorOf({ SECRETS_ENCRYPTION_KEY: key }).message).toContain('SECRETS_ENCRYPTION_KEY');
    });
  });

  describe('auth', () => {
    it('refuses a config service without tokens or OIDC, naming both missing settings at once', () => {
      expect(() => toAppConfig('config-service', parseEnv({}))).toThrow(
        /SECRETS_ENCRYPTION_KEY=\(unset\)[\s\S]*AUTH_TOKENS_FILE=\(unset\)/,
      );
    });

    it('accepts OIDC alone and maps its settings, role map included', () => {
      const config = toAppConfig(
        'config-service',
        parseEnv({
          SECRETS_ENCRYPTION_KEY: KEY,
          OIDC_ISSUER: 'https://sso.example/realms/edge',
          OIDC_AUDIENCE: 'flotta',
          OIDC_ROLES_CLAIM: 'realm_access.roles',
          OIDC_ROLE_MAP: 'flotta-admins=admin,flotta-ops=operator',
        }),
      );

      expect(config.auth.tokensFile).toBeUndefined();
      expect(config.auth.oidc).toMatchObject({
        issuer: 'https://sso.example/realms/edge',
        audience: 'flotta',
        clockSkewSeconds: 30,
        rolesClaim: 'realm_access.roles',
        roleMap: { 'flotta-admins': 'admin', 'flotta-ops': 'operator' },
      });
    });

    it('requires an audience with an issuer', () => {
      expect(errorOf({ OIDC_ISSUER: 'https://sso.example' }).message).toContain('OIDC_AUDIENCE');
    });

    it('rejects a role map naming an unknown role', () => {
      expect(errorOf({ OIDC_ROLE_MAP: 'ops=superuser' }).message).toContain('OIDC_ROLE_MAP');
    });

    it('defaults the management rate limit', () => {
      expect(toAppConfig('config-service', parseEnv(CONFIG_SERVICE_ENV)).auth.rateLimit).toEqual({
        perSecond: 20,
        burst: 100,
      });
    });
  });

  describe('read port secret', () => {
    const SECRET = 'x'.repeat(32);
    const thrown = (app: 'gateway' | 'config-service', env: Record<string, string>): string => {
      try {
        toAppConfig(app, parseEnv({ ...CONFIG_SERVICE_ENV, ...env }));
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidConfigError);
        return (error as Error).message;
      }
      return expect.unreachable('toAppConfig did not throw');
    };

    it('is optional while the read port stays on loopback', () => {
      for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1']) {
        const env = { CONFIG_SERVICE_TCP_HOST: host, CONFIG_SERVICE_HOST: host };
        expect(
          toAppConfig('config-service', parseEnv({ ...CONFIG_SERVICE_ENV, ...env })).configService.readSecret,
        ).toEqual({ value: undefined, file: undefined });
        expect(() => toAppConfig('gateway', parseEnv(env))).not.toThrow();
      }
    });

    it('is required, naming the variable, when the config service binds the read port beyond loopback', () => {
      const message = thrown('config-service', { CONFIG_SERVICE_TCP_HOST: '0.0.0.0' });
      expect(message).toContain('CONFIG_SERVICE_READ_SECRET=(unset)');
      expect(message).toContain('CONFIG_SERVICE_TCP_HOST=0.0.0.0');
    });

    it('is required when the gateway reads from another host, and not by the workers', () => {
      expect(thrown('gateway', { CONFIG_SERVICE_HOST: 'config-service' })).toContain(
        'CONFIG_SERVICE_READ_SECRET=(unset)',
      );
      const env = parseEnv({ CONFIG_SERVICE_HOST: 'config-service', CONFIG_SERVICE_TCP_HOST: '0.0.0.0' });
      expect(() => toAppConfig('registration-worker', env)).not.toThrow();
    });

    it('comes from the variable or from a file, not both', () => {
      const remote = { CONFIG_SERVICE_TCP_HOST: '0.0.0.0' };
      expect(
        toAppConfig(
          'config-service',
          parseEnv({ ...CONFIG_SERVICE_ENV, ...remote, CONFIG_SERVICE_READ_SECRET: SECRET }),
        ).configService.readSecret.value,
      ).toBe(SECRET);
      expect(
        toAppConfig(
          'config-service',
          parseEnv({ ...CONFIG_SERVICE_ENV, ...remote, CONFIG_SERVICE_READ_SECRET_FILE: '/s' }),
        ).configService.readSecret.file,
      ).toBe('/s');
      expect(
        thrown('config-service', {
          CONFIG_SERVICE_READ_SECRET: SECRET,
          CONFIG_SERVICE_READ_SECRET_FILE: '/s',
        }),
      ).toContain('not both');
    });

    it('refuses a secret shorter than 32 characters', () => {
      expect(errorOf({ CONFIG_SERVICE_READ_SECRET: 'short' }).message).toContain(
        'CONFIG_SERVICE_READ_SECRET=short',
      );
    });
  });
});

describe(loadReadSecret.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'read-secret-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the file, without its surrounding whitespace, or takes the value', () => {
    const file = join(dir, 'ok');
    writeFileSync(file, `${'s'.repeat(40)}\n`);
    expect(loadReadSecret({ file })?.toString()).toBe('s'.repeat(40));
    expect(loadReadSecret({ value: 'v'.repeat(32) })?.toString()).toBe('v'.repeat(32));
    expect(loadReadSecret({})).toBeUndefined();
  });

  it('stops the boot, naming the variable and not the content, on a missing or short file', () => {
    const short = join(dir, 'short');
    writeFileSync(short, 'tiny-secret');
    expect(() => loadReadSecret({ file: join(dir, 'none') })).toThrow(
      /CONFIG_SERVICE_READ_SECRET_FILE=.*ENOENT/,
    );
    expect(() => loadReadSecret({ file: short })).toThrow(/CONFIG_SERVICE_READ_SECRET_FILE=.*at least 32/);
    expect(() => loadReadSecret({ file: short })).not.toThrow(/tiny-secret/);
  });
});
