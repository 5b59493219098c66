import { APP_DEFAULT_HTTP_PORTS, EnvVars, parseEnv } from '@lib/config';
import { getMetadataStorage } from 'class-validator';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Manifests, ROOT, type Workload, loadManifests } from './manifests';

const MIGRATE = 'node_modules/.bin/typeorm migration:run -d dist/libs/database/src/data-source.js';
const CREATE_TOPICS = 'node dist/libs/kafka/src/cli/create-topics.js';
/** Compose only: the first start's development credentials (k8s takes them from Secrets). */
const DEV_CREDENTIALS = 'node scripts/dev-credentials.mjs /var/lib/flotta-edge';

const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as T;

function appNames(): string[] {
  return readdirSync(join(ROOT, 'apps'))
    .filter((name) => existsSync(join(ROOT, 'apps', name, 'src', 'main.ts')))
    .sort();
}

/** Optional variables without an initialiser are not own properties of an instance; their decorators are. */
function envVarNames(): Set<string> {
  const names = new Set(Object.keys(new EnvVars()));
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(EnvVars, '', true, false)) {
    names.add(meta.propertyName);
  }
  return names;
}

function defaultHttpPort(app: string): number {
  const ports: Record<string, number> = APP_DEFAULT_HTTP_PORTS;
  if (!(app in ports)) {
    throw new Error(`APP_DEFAULT_HTTP_PORTS has no entry for ${app}`);
  }
  return ports[app];
}

const httpPortOf = (w: Workload): number => parseEnv(w.env).HTTP_PORT ?? defaultHttpPort(w.name);
const tcpPortOf = (w: Workload): number => parseEnv(w.env).CONFIG_SERVICE_TCP_PORT;
const distFiles = (command: string[]): string[] => command.join(' ').match(/\bdist\/\S+?\.js\b/g) ?? [];

/** Binaries the production image has: those of `dependencies`, since the runtime stage omits dev ones. */
function productionBins(): Set<string> {
  const { dependencies } = readJson<{ dependencies: Record<string, string> }>('package.json');
  return new Set(
    Object.keys(dependencies).flatMap((dep) => {
      const { name, bin } = readJson<{ name: string; bin?: string | Record<string, string> }>(
        `node_modules/${dep}/package.json`,
      );
      return typeof bin === 'string' ? [name] : Object.keys(bin ?? {});
    }),
  );
}

describe('deployment manifests', () => {
  let manifests: Manifests;
  let workloads: Workload[];
  const apps = appNames();
  const longRunning = (): Workload[] => workloads.filter((w) => w.longRunning);
  const find = (platform: Workload['platform'], name: string): Workload => {
    const found = workloads.find((w) => w.platform === platform && w.longRunning && w.name === name);
    if (!found) {
      throw new Error(`no ${platform} workload runs ${name}`);
    }
    return found;
  };

  beforeAll(() => {
    manifests = loadManifests();
    workloads = [...manifests.compose.workloads, ...manifests.k8s.workloads];
  });

  it('runs every app, and only apps, as a compose service and a k8s Deployment with a Service', () => {
    expect(apps).toContain('gateway');
    for (const platform of ['compose', 'k8s'] as const) {
      const names = longRunning().filter((w) => w.platform === platform);
      expect(names.map((w) => w.name).sort(), platform).toEqual(apps);
    }
    for (const w of longRunning().filter((l) => l.platform === 'k8s')) {
      expect(w.resourceName, w.where).toBe(`flotta-edge-${w.name}`);
      expect(w.host, `${w.where} has no Service`).toBe(`flotta-edge-${w.name}`);
    }
    for (const w of workloads.filter((l) => !l.longRunning)) {
      expect(apps, `${w.where} is a one-shot named like an app`).not.toContain(w.name);
    }
  });

  it('applies every k8s manifest through the kustomization, except the examples', () => {
    const kustomization = manifests.k8s.objects.find((o) => o.kind === 'Kustomization');
    const listed = (kustomization?.resources ?? []).map((r) => join('k8s/base', r)).sort();
    const applicable = manifests.k8s.files
      .filter((f) => !/(^|\/)kustomization\.ya?ml$|\.example\.ya?ml$/.test(f))
      .sort();
    expect(listed).toEqual(applicable);
  });

  it('sets only environment variables that EnvVars declares, or that a script the workload runs reads', () => {
    const known = envVarNames();
    expect([...known]).toEqual(expect.arrayContaining(['HTTP_PORT', 'KAFKA_GROUP_ID', 'TLS_CA_FILE']));
    const configMapKeys = manifests.k8s.objects
      .filter((o) => o.kind === 'ConfigMap')
      .flatMap((o) => Object.keys(o.data ?? {}).map((name) => `${o.file} ${o.metadata.name}: ${name}`));
    const unknown = configMapKeys.filter((entry) => !known.has(entry.split(': ')[1]));
    for (const w of workloads) {
      const scripts = (w.command.join(' ').match(/\bscripts\/\S+\.mjs\b/g) ?? []).map((f) =>
        readFileSync(join(ROOT, f), 'utf8'),
      );
      const readByScript = (name: string): boolean =>
        scripts.some((text) => text.includes(`process.env.${name}`));
      unknown.push(
        ...w.envNames
          .filter((name) => !known.has(name) && !readByScript(name))
          .map((name) => `${w.where}: ${name}`),
      );
    }
    expect(unknown).toEqual([]);
  });

  it('publishes each app on the HTTP port it listens on', () => {
    for (const w of longRunning()) {
      const port = httpPortOf(w);
      if (w.platform === 'compose') {
        expect(
          w.servicePorts.filter((p) => p.onHost),
          w.where,
        ).toEqual([{ port, target: port, onHost: true }]);
      } else {
        expect(w.containerPorts, w.where).toContainEqual({ name: 'http', port });
        expect(w.servicePorts, w.where).toContainEqual({ name: 'http', port, target: port, onHost: false });
      }
    }
  });

  it("exposes the config service's TCP port only inside the network, where the gateway looks for it", () => {
    for (const platform of ['compose', 'k8s'] as const) {
      const configService = find(platform, 'config-service');
      const gateway = find(platform, 'gateway');
      const tcpPort = tcpPortOf(configService);
      const tcp = configService.servicePorts.filter((p) => p.target === tcpPort);
      expect(tcp, configService.where).toEqual([expect.objectContaining({ target: tcpPort, onHost: false })]);
      expect(parseEnv(gateway.env).CONFIG_SERVICE_HOST, gateway.where).toBe(configService.host);
      expect(tcpPortOf(gateway), gateway.where).toBe(tcp[0].port);
    }
  });

  it('starts each app from its own main, and the one-shot with migrations then topics, all files the build emits', () => {
    const build = readJson<{ compilerOptions: { rootDir: string } }>('tsconfig.build.json');
    const base = readJson<{ compilerOptions: { outDir: string } }>('tsconfig.json');
    expect([build.compilerOptions.rootDir, base.compilerOptions.outDir]).toEqual(['./', './dist']);
    const bins = productionBins();
    for (const [where, command] of [
      ['Dockerfile CMD', manifests.dockerCmd] as const,
      ...workloads.map((w) => [w.where, w.command] as const),
    ]) {
      for (const file of distFiles(command)) {
        const source = file.replace(/^dist\//, '').replace(/\.js$/, '.ts');
        expect(existsSync(join(ROOT, source)) && !source.endsWith('.spec.ts'), `${where}: ${file}`).toBe(
          true,
        );
      }
      for (const [, bin] of command.join(' ').matchAll(/node_modules\/\.bin\/(\S+)/g)) {
        expect(bins.has(bin), `${where}: ${bin} is not a binary of a production dependency`).toBe(true);
      }
    }
    for (const w of workloads) {
      const expected = w.longRunning ? [`dist/apps/${w.name}/src/main.js`] : [];
      expect(
        distFiles(w.command).filter((f) => f.startsWith('dist/apps/')),
        w.where,
      ).toEqual(expected);
      if (!w.longRunning) {
        const steps =
          w.platform === 'compose' ? [DEV_CREDENTIALS, MIGRATE, CREATE_TOPICS] : [MIGRATE, CREATE_TOPICS];
        expect(w.command, w.where).toEqual(['sh', '-c', steps.join(' && ')]);
      }
    }
    expect(workloads.filter((w) => !w.longRunning).map((w) => w.platform)).toEqual(['compose', 'k8s']);
  });

  it('probes readiness on /health/ready and liveness on /health/live of the HTTP port', () => {
    for (const w of longRunning()) {
      const port = httpPortOf(w);
      const ready = { kind: 'readiness', path: '/health/ready', port };
      const live = { kind: 'liveness', path: '/health/live', port };
      const expected =
        w.platform === 'compose' ? [ready] : [ready, live, { kind: 'startup', path: '/health/live', port }];
      expect(w.probes, w.where).toEqual(expected);
    }
  });

  it("gives the k8s config service and gateway the read port's shared secret from one Secret", () => {
    const refs = ['config-service', 'gateway'].map((name) =>
      find('k8s', name).secretEnv.find((ref) => ref.name === 'CONFIG_SERVICE_READ_SECRET'),
    );
    expect(refs[0]).toEqual({
      name: 'CONFIG_SERVICE_READ_SECRET',
      secret: 'flotta-edge-read-secret',
      key: 'CONFIG_SERVICE_READ_SECRET',
    });
    expect(refs[1]).toEqual(refs[0]);
  });

  it("gives every workload an environment that passes the apps' validation", () => {
    const secrets = manifests.k8s.objects.filter((o) => o.kind === 'Secret');
    for (const w of workloads) {
      for (const [name, value] of Object.entries(w.env)) {
        expect(typeof value, `${w.where}: ${name} must be a string`).toBe('string');
      }
      expect(() => parseEnv(w.env), w.where).not.toThrow();
      for (const ref of w.secretEnv) {
        const secret = secrets.find((s) => s.metadata.name === ref.secret);
        expect(Object.keys(secret?.stringData ?? secret?.data ?? {}), `${w.where}: ${ref.name}`).toContain(
          ref.key,
        );
      }
    }
  });

  it('runs the compose setup after PostgreSQL and Kafka are healthy, the apps after it, with topic auto-creation off', () => {
    const { services } = manifests.compose;
    expect(services.setup.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      kafka: { condition: 'service_healthy' },
    });
    for (const app of apps) {
      expect(services[app].depends_on, app).toMatchObject({
        setup: { condition: 'service_completed_successfully' },
      });
    }
    expect(services.kafka.environment).toMatchObject({ KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false' });
  });
});
