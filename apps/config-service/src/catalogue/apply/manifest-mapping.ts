import type { StreamObject } from './manifest-stream';

export const FLOTTA_API_VERSION = 'management.project-flotta.io/v1alpha1';

/** The kinds apply understands, each with its apiVersion and its place in the apply order. */
export const KINDS = {
  Secret: { apiVersion: 'v1', order: 0 },
  ConfigMap: { apiVersion: 'v1', order: 0 },
  EdgeDeviceSet: { apiVersion: FLOTTA_API_VERSION, order: 1 },
  EdgeWorkload: { apiVersion: FLOTTA_API_VERSION, order: 2 },
  PlaybookExecution: { apiVersion: FLOTTA_API_VERSION, order: 3 },
} as const;

export type ManifestKind = keyof typeof KINDS;

/** A manifest turned into what the kind's PUT endpoint takes: path parameters and body. */
export interface CatalogueObject {
  index: number;
  line?: number;
  kind: ManifestKind;
  namespace: string;
  name: string;
  body: Record<string, unknown>;
}

/** A manifest that cannot be mapped; `kind`/`namespace`/`name` as far as they could be read. */
export class ManifestError extends Error {
  constructor(
    message: string,
    readonly kind?: string,
    readonly namespace?: string,
    readonly objectName?: string,
  ) {
    super(message);
    this.name = 'ManifestError';
  }
}

export type Obj = Record<string, unknown>;
export const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What every manifest kind needs before its body is read: the expected apiVersion, a string `metadata.name`
 * (`nameRule` says what it must be) and a namespace, its own or the request's.
 */
export function manifestIdentity(
  m: Obj,
  kind: string,
  apiVersion: string,
  defaultNamespace: string | undefined,
  nameRule: string,
): { metadata: Obj; namespace: string; name: string } {
  if (m.apiVersion !== apiVersion) {
    throw new ManifestError(
      `unknown apiVersion ${JSON.stringify(m.apiVersion)} for ${kind} (expected ${apiVersion})`,
      kind,
    );
  }
  const metadata = isObject(m.metadata) ? m.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : undefined;
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : defaultNamespace;
  if (name === undefined) {
    throw new ManifestError(`metadata.name: ${nameRule}`, kind, namespace);
  }
  if (namespace === undefined) {
    throw new ManifestError(
      'no namespace: set metadata.namespace or the namespace query parameter',
      kind,
      undefined,
      name,
    );
  }
  return { metadata, namespace, name };
}
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Maps one Kubernetes-style object onto its catalogue resource. Only the shape is checked here; the content is
 * validated by the same DTOs and services as the PUT endpoints.
 */
export function toCatalogueObject(o: StreamObject, defaultNamespace: string | undefined): CatalogueObject {
  const m = o.value;
  if (!isObject(m)) {
    throw new ManifestError('must be an object with apiVersion, kind, metadata');
  }
  const { kind } = m;
  if (typeof kind !== 'string' || !Object.hasOwn(KINDS, kind)) {
    throw new ManifestError(
      `unknown kind ${JSON.stringify(kind)} (expected one of ${[...Object.keys(KINDS), 'EdgeDevice', 'EdgeDeviceSignedRequest'].join(', ')})`,
    );
  }
  const known = kind as ManifestKind;
  const { metadata, namespace, name } = manifestIdentity(
    m,
    known,
    KINDS[known].apiVersion,
    defaultNamespace,
    'must be a string',
  );
  try {
    return { index: o.index, line: o.line, kind: known, namespace, name, body: BODIES[known](m, metadata) };
  } catch (error) {
    if (error instanceof ManifestError) {
      throw new ManifestError(error.message, known, namespace, name);
    }
    throw error;
  }
}

const specOf = (m: Obj): Obj => {
  if (!isObject(m.spec)) {
    throw new ManifestError('spec: must be an object');
  }
  return m.spec;
};

const BODIES: Record<ManifestKind, (m: Obj, metadata: Obj) => Obj> = {
  Secret: (m) => pick(m, ['type', 'data', 'stringData']),
  ConfigMap: (m, metadata) => {
    if (isObject(m.binaryData) && Object.keys(m.binaryData).length > 0) {
      throw new ManifestError('binaryData: not supported, use data');
    }
    return { data: m.data ?? {}, ...pick(metadata, ['labels']) };
  },
  EdgeDeviceSet: (m) => withoutCreateObc(specOf(m)),
  // The workload's metadata labels and annotations feed the device (podman/ ones), as upstream renders them.
  EdgeWorkload: (m, metadata) => ({ ...specOf(m), ...pick(metadata, ['labels', 'annotations']) }),
  PlaybookExecution: (m, metadata) => ({
    device: playbookDevice(metadata),
    playbook: { content: playbookContent(specOf(m)) },
  }),
};

function pick(source: Obj, keys: string[]): Obj {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}

/** `storage.s3.createOBC` asks the operator for an ObjectBucketClaim: a cluster feature with no meaning here. */
function withoutCreateObc(spec: Obj): Obj {
  const storage = spec.storage;
  if (!isObject(storage) || !isObject(storage.s3) || !('createOBC' in storage.s3)) {
    return spec;
  }
  const s3 = { ...storage.s3 };
  delete s3.createOBC;
  return { ...spec, storage: { ...storage, s3 } };
}

/** Upstream's operator owns each PlaybookExecution by its EdgeDevice; that owner is the device that runs it. */
function playbookDevice(metadata: Obj): unknown {
  const owners = Array.isArray(metadata.ownerReferences) ? (metadata.ownerReferences as unknown[]) : [];
  const device = owners.find((r) => isObject(r) && r.kind === 'EdgeDevice') as Obj | undefined;
  if (!device) {
    throw new ManifestError('metadata.ownerReferences: needs the EdgeDevice that runs the playbook');
  }
  return device.name;
}

/** `spec.playbook.content` is a Go []byte: base64 in YAML and JSON. Upstream serves it as text. */
function playbookContent(spec: Obj): string {
  const playbook = spec.playbook;
  const content = isObject(playbook) ? playbook.content : undefined;
  if (typeof content !== 'string' || !BASE64.test(content) || content.length === 0) {
    throw new ManifestError('spec.playbook.content: must be the playbook, base64-encoded');
  }
  return Buffer.from(content, 'base64').toString('utf8');
}
