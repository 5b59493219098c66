import type { ConfigSpec, WorkloadSpec } from './catalogue.types';

/** A secret or configmap that a spec needs; `key` when one key is named; `at` says where, for errors. */
export interface Reference {
  kind: 'secret' | 'configmap';
  name: string;
  key?: string;
  optional: boolean;
  at: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The references upstream resolves in a PodSpec (docs/contract.md#configuration-assembly): configmaps from envFrom,
 * env valueFrom and volumes; secrets from envFrom and env valueFrom only (secret volumes are not sent to the
 * device).
 */
export function podSpecReferences(podSpec: Obj): Reference[] {
  const refs: Reference[] = [];
  for (const group of ['initContainers', 'containers']) {
    list(podSpec[group]).forEach((container, i) => {
      const at = `pod.spec.${group}[${i}]`;
      list(container.envFrom).forEach((source, j) => {
        for (const [field, kind] of [
          ['configMapRef', 'configmap'],
          ['secretRef', 'secret'],
        ] as const) {
          const ref = source[field];
          const name = isObj(ref) ? str(ref.name) : undefined;
          if (isObj(ref) && name) {
            refs.push({ kind, name, optional: ref.optional === true, at: `${at}.envFrom[${j}].${field}` });
          }
        }
      });
      list(container.env).forEach((env, j) => {
        const from = isObj(env.valueFrom) ? env.valueFrom : {};
        for (const [field, kind] of [
          ['configMapKeyRef', 'configmap'],
          ['secretKeyRef', 'secret'],
        ] as const) {
          const ref = from[field];
          const name = isObj(ref) ? str(ref.name) : undefined;
          if (isObj(ref) && name) {
            const at2 = `${at}.env[${j}].valueFrom.${field}`;
            refs.push({ kind, name, key: str(ref.key), optional: ref.optional === true, at: at2 });
          }
        }
      });
    });
  }
  list(podSpec.volumes).forEach((volume, i) => {
    const cm = volume.configMap;
    const name = isObj(cm) ? str(cm.name) : undefined;
    if (isObj(cm) && name) {
      refs.push({ kind: 'configmap', name, optional: cm.optional === true, at: `pod.spec.volumes[${i}]` });
    }
  });
  return refs;
}

export function workloadReferences(spec: WorkloadSpec): Reference[] {
  const refs = podSpecReferences(spec.pod.spec);
  const registry = spec.imageRegistries?.secretRef?.name;
  if (registry) {
    refs.push({
      kind: 'secret',
      name: registry,
      key: '.dockerconfigjson',
      optional: false,
      at: 'imageRegistries.secretRef',
    });
  }
  if (spec.metrics?.allowList?.name && (spec.metrics.port ?? 0) > 0) {
    const at = 'metrics.allowList';
    refs.push({
      kind: 'configmap',
      name: spec.metrics.allowList.name,
      key: 'metrics_list.yaml',
      optional: false,
      at,
    });
  }
  return refs;
}

/** Storage, metrics and log-collection references of a device set or a device's own spec. */
export function configSpecReferences(spec: ConfigSpec): Reference[] {
  const refs: Reference[] = [];
  const s3 = spec.storage?.s3;
  if (s3?.configMapName) {
    refs.push({ kind: 'configmap', name: s3.configMapName, optional: false, at: 'storage.s3.configMapName' });
  }
  if (s3?.secretName) {
    refs.push({ kind: 'secret', name: s3.secretName, optional: false, at: 'storage.s3.secretName' });
  }
  const receiver = spec.metrics?.receiverConfiguration;
  if (receiver?.caSecretName && receiver.url?.startsWith('https')) {
    const at = 'metrics.receiverConfiguration.caSecretName';
    refs.push({ kind: 'secret', name: receiver.caSecretName, key: 'ca.crt', optional: false, at });
  }
  for (const component of ['system', 'dataTransfer'] as const) {
    const name = spec.metrics?.[component]?.allowList?.name;
    if (name) {
      const at = `metrics.${component}.allowList`;
      refs.push({ kind: 'configmap', name, key: 'metrics_list.yaml', optional: false, at });
    }
  }
  for (const [target, config] of Object.entries(spec.logCollection ?? {})) {
    if (config.syslogConfig?.name) {
      const at = `logCollection.${target}.syslogConfig`;
      refs.push({ kind: 'configmap', name: config.syslogConfig.name, optional: false, at });
    }
  }
  return refs;
}

/** What is wrong with the references, given the keys of each existing secret and configmap. */
export function referenceProblems(
  refs: Reference[],
  keysOf: (kind: Reference['kind'], name: string) => string[] | undefined,
): string[] {
  return refs.flatMap((ref) => {
    if (ref.optional) {
      return [];
    }
    const keys = keysOf(ref.kind, ref.name);
    if (!keys) {
      return [`${ref.at}: ${ref.kind} "${ref.name}" does not exist`];
    }
    if (ref.key && !keys.includes(ref.key)) {
      return [`${ref.at}: ${ref.kind} "${ref.name}" has no key "${ref.key}"`];
    }
    return [];
  });
}
