import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const ROOT = join(__dirname, '..', '..');

export interface Probe {
  kind: 'readiness' | 'liveness' | 'startup';
  path: string;
  port: number;
}

export interface ServicePort {
  name?: string;
  /** Port clients use: the host port (compose `ports`), the network port (`expose`), the k8s Service port. */
  port: number;
  /** Port inside the container. */
  target: number;
  /** compose only: published on the host (`ports`) rather than reachable on the compose network (`expose`). */
  onHost: boolean;
}

/** A process the manifests run from the project's image: one of the apps, or the setup one-shot. */
export interface Workload {
  /** Where it is declared, for failure messages. */
  where: string;
  platform: 'compose' | 'k8s';
  /** compose: the service name; k8s: the `app.kubernetes.io/component` label. */
  name: string;
  /** compose: the service name; k8s: the Deployment's or Job's name. */
  resourceName: string;
  /** The address other workloads use to reach it: compose service name or k8s Service name. */
  host?: string;
  /** A Deployment or a restarting compose service, as opposed to a Job or a `restart: 'no'` one-shot. */
  longRunning: boolean;
  /** The argv that runs, the image's CMD when the manifest does not override it. */
  command: string[];
  /** Literal environment, in the order the platform applies it (shared first, the workload's own last). */
  env: Record<string, string>;
  /** Every variable name the manifest sets, secrets included. */
  envNames: string[];
  /** Variables whose values come from a Secret and are not in the manifests. */
  secretEnv: { name: string; secret: string; key: string }[];
  /** Named container ports (k8s) or every port the compose service publishes or exposes, by target. */
  containerPorts: { name?: string; port: number }[];
  servicePorts: ServicePort[];
  probes: Probe[];
}

export interface Manifests {
  dockerCmd: string[];
  compose: { workloads: Workload[]; services: Record<string, ComposeService> };
  k8s: { workloads: Workload[]; objects: K8sObject[]; files: string[] };
}

export interface ComposeService {
  image?: string;
  build?: unknown;
  restart?: string;
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target: number; published?: string | number })[];
  expose?: (string | number)[];
  healthcheck?: { test?: string | string[] };
  depends_on?: string[] | Record<string, { condition?: string }>;
}

interface EnvEntry {
  name: string;
  value?: unknown;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}
interface HttpProbe {
  httpGet?: { path?: string; port?: string | number };
}
interface Container {
  name: string;
  command?: string[];
  args?: string[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  env?: EnvEntry[];
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: HttpProbe;
  livenessProbe?: HttpProbe;
  startupProbe?: HttpProbe;
}
export interface K8sObject {
  file: string;
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  data?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
  resources?: string[];
  spec?: {
    selector?: Record<string, string> | { matchLabels?: Record<string, string> };
    ports?: { name?: string; port: number; targetPort?: string | number }[];
    template?: { metadata?: { labels?: Record<string, string> }; spec: { containers: Container[] } };
  };
}

const COMPONENT_LABEL = 'app.kubernetes.io/component';

function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

function listFiles(dir: string, pattern: RegExp): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(join(ROOT, path)).isDirectory()) {
      return listFiles(path, pattern);
    }
    return pattern.test(entry) ? [path] : [];
  });
}

/** The image's default command: the exec-form CMD of the Dockerfile's last stage. */
function dockerCmd(): string[] {
  const cmds = [...read('Dockerfile').matchAll(/^CMD\s+(\[.*\])\s*$/gm)];
  const last = cmds.at(-1);
  if (!last) {
    throw new Error('Dockerfile has no exec-form CMD');
  }
  return JSON.parse(last[1]) as string[];
}

/** Compose interpolation with the defaults written in the file (the host's environment is not consulted). */
function interpolate(value: string): string {
  return value
    .replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}/g, (_match, fallback?: string) => fallback ?? '')
    .replace(/\$\$/g, '$');
}

function words(command: string | string[]): string[] {
  return typeof command === 'string' ? command.split(/\s+/).filter(Boolean) : command;
}

function composeEnv(service: ComposeService): Record<string, string> {
  const entries: [string, string | number | boolean | null][] = Array.isArray(service.environment)
    ? service.environment.map((line) => {
        const at = line.indexOf('=');
        return at < 0 ? [line, null] : [line.slice(0, at), line.slice(at + 1)];
      })
    : Object.entries(service.environment ?? {});
  // A name without a value is taken from the host's environment: unset here.
  return Object.fromEntries(
    entries.map(([name, value]): [string, string] => [
      name,
      value === null ? '' : interpolate(String(value)),
    ]),
  );
}

function composePorts(service: ComposeService): ServicePort[] {
  const published = (service.ports ?? []).map((spec): ServicePort => {
    if (typeof spec === 'object') {
      return { port: Number(spec.published ?? spec.target), target: Number(spec.target), onHost: true };
    }
    const parts = String(spec)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    const target = Number(parts.at(-1));
    return { port: parts.length > 1 ? Number(parts.at(-2)) : target, target, onHost: true };
  });
  const exposed = (service.expose ?? []).map((spec): ServicePort => {
    const port = Number(String(spec).replace(/\/(tcp|udp)$/, ''));
    return { port, target: port, onHost: false };
  });
  return [...published, ...exposed];
}

/** `http://host:port/path` in a health check command. */
function urlProbe(kind: Probe['kind'], text: string): Probe[] {
  const match = /https?:\/\/[^/:'"\s]+:(\d+)(\/[^'"\s)]*)/.exec(text);
  return match ? [{ kind, port: Number(match[1]), path: match[2] }] : [];
}

function loadCompose(cmd: string[]): Manifests['compose'] {
  const file = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const services = file.services;
  const builtImages = new Set(
    Object.values(services)
      .filter((s) => s.build !== undefined)
      .map((s) => s.image),
  );
  const workloads = Object.entries(services)
    .filter(([, s]) => s.build !== undefined || builtImages.has(s.image))
    .map(([name, s]): Workload => {
      const env = composeEnv(s);
      const ports = composePorts(s);
      const test = s.healthcheck?.test;
      return {
        where: `docker-compose.yml service ${name}`,
        platform: 'compose',
        name,
        resourceName: name,
        host: name,
        longRunning: (s.restart ?? 'no') !== 'no',
        command: [...(s.entrypoint ? words(s.entrypoint) : []), ...(s.command ? words(s.command) : cmd)],
        env,
        envNames: Object.keys(env),
        secretEnv: [],
        containerPorts: ports.map((p) => ({ port: p.target })),
        servicePorts: ports,
        probes: test ? urlProbe('readiness', words(test).join(' ')) : [],
      };
    });
  return { workloads, services };
}

function selectorOf(object: K8sObject): Record<string, string> {
  const selector = object.spec?.selector ?? {};
  return 'matchLabels' in selector && typeof selector.matchLabels === 'object'
    ? selector.matchLabels
    : (selector as Record<string, string>);
}

function k8sWorkload(object: K8sObject, container: Container, objects: K8sObject[], cmd: string[]): Workload {
  const pod = object.spec!.template!;
  const configMap = (name: string): Record<string, unknown> => {
    const found = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
    if (!found) {
      throw new Error(`${object.metadata.name} reads ConfigMap ${name}, which no manifest defines`);
    }
    return found.data ?? {};
  };
  const env: Record<string, string> = {};
  const envNames: string[] = [];
  const secretEnv: Workload['secretEnv'] = [];
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      for (const [name, value] of Object.entries(configMap(source.configMapRef.name))) {
        env[name] = value as string;
        envNames.push(name);
      }
    }
  }
  for (const entry of container.env ?? []) {
    envNames.push(entry.name);
    const { secretKeyRef, configMapKeyRef } = entry.valueFrom ?? {};
    if (secretKeyRef) {
      secretEnv.push({ name: entry.name, secret: secretKeyRef.name, key: secretKeyRef.key });
    } else if (configMapKeyRef) {
      env[entry.name] = configMap(configMapKeyRef.name)[configMapKeyRef.key] as string;
    } else {
      env[entry.name] = entry.value as string;
    }
  }
  const containerPorts = (container.ports ?? []).map((p) => ({ name: p.name, port: p.containerPort }));
  const resolve = (port: string | number | undefined): number =>
    typeof port === 'number' ? port : (containerPorts.find((p) => p.name === port)?.port ?? NaN);
  const podLabels = pod.metadata?.labels ?? {};
  const service = objects.find(
    (o) =>
      o.kind === 'Service' && Object.entries(selectorOf(o)).every(([key, value]) => podLabels[key] === value),
  );
  const probes = (['readiness', 'liveness', 'startup'] as const).flatMap((kind): Probe[] => {
    const httpGet = container[`${kind}Probe`]?.httpGet;
    return httpGet ? [{ kind, path: httpGet.path ?? '', port: resolve(httpGet.port) }] : [];
  });
  return {
    where: `${object.file} ${object.kind} ${object.metadata.name}`,
    platform: 'k8s',
    name: podLabels[COMPONENT_LABEL] ?? object.metadata.name,
    resourceName: object.metadata.name,
    host: service?.metadata.name,
    longRunning: object.kind === 'Deployment',
    command: [...(container.command ?? (container.args ? [] : cmd)), ...(container.args ?? [])],
    env,
    envNames,
    secretEnv,
    containerPorts,
    servicePorts: (service?.spec?.ports ?? []).map((p) => ({
      name: p.name,
      port: p.port,
      target: resolve(p.targetPort ?? p.port),
      onHost: false,
    })),
    probes,
  };
}

function loadK8s(cmd: string[]): Manifests['k8s'] {
  const files = listFiles('k8s', /\.ya?ml$/);
  const objects = files.flatMap((file) =>
    parseAllDocuments(read(file)).flatMap((doc) => {
      if (doc.errors.length > 0) {
        throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      }
      const object = doc.toJS() as K8sObject | null;
      return object ? [{ ...object, file: relative(ROOT, join(ROOT, file)) }] : [];
    }),
  );
  const workloads = objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
    .flatMap((o) => o.spec!.template!.spec.containers.map((c) => k8sWorkload(o, c, objects, cmd)));
  return { workloads, objects, files };
}

export function loadManifests(): Manifests {
  const cmd = dockerCmd();
  return { dockerCmd: cmd, compose: loadCompose(cmd), k8s: loadK8s(cmd) };
}
