import { matchesRequirements } from '@lib/contracts';
import {
  type ConfigMapData,
  type DeviceInput,
  MEMBER_OF_LABEL,
  type NamespaceCatalogue,
  type SecretData,
  type WorkloadSpec,
} from './catalogue.types';
import { targetOf } from './device-selector';
import { allowListOf, dropEmpty, type Json, toYaml } from './flotta-format';
import { mergeConfigSpecs } from './merge-spec';
import { podSpecReferences } from './references';
import { renderDeviceConfiguration } from './render-device-configuration';

/** The device-configuration-message without `version` (the store assigns it). */
export interface RenderedConfiguration {
  device_id: string;
  configuration: Json;
  workloads: Json[];
  secrets?: Json[];
}

const PODMAN_PREFIX = 'podman/';
const decode = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');

/** Upstream sends only `podman/`-prefixed labels and annotations, prefix stripped. */
function podmanOnly(map: Record<string, string> | undefined): Record<string, string> | undefined {
  const entries = Object.entries(map ?? {})
    .filter(([k]) => k.startsWith(PODMAN_PREFIX))
    .map(([k, v]): [string, string] => [k.slice(PODMAN_PREFIX.length), v]);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

export function targets(spec: WorkloadSpec, device: DeviceInput): boolean {
  const target = targetOf(spec);
  return 'deviceId' in target
    ? target.deviceId === device.deviceId
    : matchesRequirements(device.labels, target.requirements);
}

function configMapManifest(namespace: string, name: string, cm: ConfigMapData): string {
  const metadata: Json = { name, namespace };
  if (Object.keys(cm.labels).length > 0) {
    metadata.labels = cm.labels;
  }
  return toYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data: cm.data });
}

function renderWorkload(
  catalogue: NamespaceCatalogue,
  name: string,
  spec: WorkloadSpec,
): { workload: Json; secretNames: string[] } {
  const refs = podSpecReferences(spec.pod.spec);
  const workload: Json = { name, namespace: catalogue.namespace };
  const labels = podmanOnly(spec.labels);
  const annotations = podmanOnly(spec.annotations);
  if (labels) {
    workload.labels = labels;
  }
  if (annotations) {
    workload.annotations = annotations;
  }
  workload.specification = toYaml(spec.pod.spec);
  if (spec.data) {
    workload.data = { ingress: spec.data.ingress ?? null, egress: spec.data.egress ?? null };
  }
  if (spec.logCollection) {
    workload.log_collection = spec.logCollection;
  }
  const registry = spec.imageRegistries?.secretRef?.name;
  if (registry) {
    const auth = catalogue.secrets.get(registry)?.data['.dockerconfigjson'];
    workload.imageRegistries = { authFile: auth === undefined ? '' : decode(auth) };
  }
  const metrics = spec.metrics;
  if (metrics && (metrics.port ?? 0) > 0) {
    const rendered: Json = { path: metrics.path, port: metrics.port, interval: metrics.interval };
    if (metrics.allowList?.name) {
      rendered.allow_list = allowListOf(catalogue.configMaps.get(metrics.allowList.name));
    }
    if (metrics.containers && Object.keys(metrics.containers).length > 0) {
      rendered.containers = metrics.containers;
    }
    workload.metrics = dropEmpty(rendered);
  }
  const cmNames = [...new Set(refs.filter((r) => r.kind === 'configmap').map((r) => r.name))].sort();
  const manifests = cmNames.flatMap((cm) => {
    const data = catalogue.configMaps.get(cm);
    return data ? [configMapManifest(catalogue.namespace, cm, data)] : [];
  });
  if (manifests.length > 0) {
    workload.configmaps = manifests;
  }
  return { workload, secretNames: refs.filter((r) => r.kind === 'secret').map((r) => r.name) };
}

function renderSecret(name: string, secret: SecretData): Json {
  const sorted = Object.fromEntries(Object.entries(secret.data).sort(([a], [b]) => a.localeCompare(b)));
  return { name, data: JSON.stringify(sorted) };
}

/**
 * The catalogue's workloads, sorted by name, each rendered once per catalogue: every device a workload targets
 * gets the same rendering, so a fleet-wide render does the YAML work once per workload, not once per device.
 */
const renderedWorkloads = new WeakMap<
  NamespaceCatalogue,
  { name: string; spec: WorkloadSpec; rendered?: ReturnType<typeof renderWorkload> }[]
>();

function workloadsOf(catalogue: NamespaceCatalogue) {
  let list = renderedWorkloads.get(catalogue);
  if (!list) {
    list = catalogue.workloads
      .map(({ name, spec }) => ({ name, spec }))
      .sort((a, b) => a.name.localeCompare(b.name));
    renderedWorkloads.set(catalogue, list);
  }
  return list;
}

/** Positions (in the catalogue's sorted workload list) of the workloads that target the device. */
export function targetedWorkloads(device: DeviceInput, catalogue: NamespaceCatalogue): number[] {
  const targeted: number[] = [];
  workloadsOf(catalogue).forEach((entry, i) => {
    if (targets(entry.spec, device)) {
      targeted.push(i);
    }
  });
  return targeted;
}

/**
 * The message without `device_id`: everything in it follows from the targeted workloads, the device's set and its
 * own spec, so devices alike in those three get the same content.
 */
export function renderShared(
  device: DeviceInput,
  catalogue: NamespaceCatalogue,
  targeted = targetedWorkloads(device, catalogue),
): Omit<RenderedConfiguration, 'device_id'> {
  const setName = device.labels[MEMBER_OF_LABEL];
  const spec = mergeConfigSpecs(setName ? catalogue.sets.get(setName) : undefined, device.spec);
  const workloads: Json[] = [];
  const secretNames = new Set<string>();
  const list = workloadsOf(catalogue);
  for (const i of targeted) {
    const entry = list[i];
    entry.rendered ??= renderWorkload(catalogue, entry.name, entry.spec);
    workloads.push(entry.rendered.workload);
    entry.rendered.secretNames.forEach((s) => secretNames.add(s));
  }
  const secrets = [...secretNames].sort().flatMap((name) => {
    const secret = catalogue.secrets.get(name);
    return secret ? [renderSecret(name, secret)] : [];
  });
  return {
    configuration: renderDeviceConfiguration(spec, catalogue),
    workloads,
    ...(secrets.length > 0 ? { secrets } : {}),
  };
}

/**
 * One device's configuration, as the reference's ConfigurationAssembler builds it
 * (docs/contract.md#configuration-assembly), from the catalogue of its namespace. References were validated when
 * the catalogue was written.
 */
export function renderConfiguration(
  device: DeviceInput,
  catalogue: NamespaceCatalogue,
): RenderedConfiguration {
  return { device_id: device.deviceId, ...renderShared(device, catalogue) };
}
