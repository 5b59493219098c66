import type { HardwareInfo, ImportedState } from '@lib/contracts';
import { FLOTTA_API_VERSION, isObject, ManifestError, manifestIdentity, type Obj } from './manifest-mapping';
import type { StreamObject } from './manifest-stream';

/** The registry's kinds: devices moving over from the CRD backend, taken in through the registry. */
export const DEVICE_KINDS = ['EdgeDevice', 'EdgeDeviceSignedRequest'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const isDeviceManifest = (item: StreamObject): boolean =>
  isObject(item.value) && (DEVICE_KINDS as readonly unknown[]).includes(item.value.kind);

/** One device of the stream, as the registry will take it. */
export interface DeviceImport {
  index: number;
  line?: number;
  kind: DeviceKind;
  /** The manifest's own namespace and name, as the answer reports them. */
  namespace: string;
  name: string;
  deviceId: string;
  state: ImportedState;
  /** Where the device lives once imported, and where it asked to. */
  deviceNamespace: string;
  requestedNamespace: string;
  labels: Record<string, string>;
  hardware: HardwareInfo | null;
  enrolledAt: string;
  /** The EdgeDevice's configuration sections, which become the device's own spec. */
  spec: Record<string, unknown> | null;
}

/** The EdgeDevice spec sections that are the device's own configuration (ConfigSpec). */
const SPEC_SECTIONS = ['heartbeat', 'metrics', 'osInformation', 'mounts', 'storage', 'logCollection'];

/** Upstream marks a device that has not registered yet with this label; it says nothing once imported. */
const INITIAL_LABEL = 'edgedeviceSignedRequest';

/** Maps an EdgeDevice or EdgeDeviceSignedRequest as `kubectl get -o yaml` prints it. Only the shape is checked. */
export function toDeviceImport(item: StreamObject, defaultNamespace: string | undefined): DeviceImport {
  const m = item.value as Obj;
  const kind = m.kind as DeviceKind;
  const { metadata, namespace, name } = manifestIdentity(
    m,
    kind,
    FLOTTA_API_VERSION,
    defaultNamespace,
    'must be the device ID',
  );
  try {
    const spec = isObject(m.spec) ? m.spec : {};
    const enrolledAt = timestamp(metadata.creationTimestamp) ?? new Date().toISOString();
    const base = { index: item.index, line: item.line, kind, namespace, name, deviceId: name, enrolledAt };
    if (kind === 'EdgeDevice') {
      const status = isObject(m.status) ? m.status : {};
      const sections = Object.fromEntries(
        SPEC_SECTIONS.filter((k) => spec[k] !== null && spec[k] !== undefined).map((k) => [k, spec[k]]),
      );
      return {
        ...base,
        state: 'registered',
        deviceNamespace: namespace,
        requestedNamespace: namespace,
        labels: labelsOf(metadata),
        hardware: isObject(status.hardware) ? toHardwareInfo(status.hardware) : null,
        spec: Object.keys(sections).length > 0 ? withoutCreateObc(sections) : null,
      };
    }
    const target = spec.targetNamespace;
    if (typeof target !== 'string' || target === '') {
      throw new ManifestError('spec.targetNamespace: must be the namespace the device asked for');
    }
    const features = isObject(spec.features) ? spec.features : {};
    const labels: Record<string, string> = {};
    if (typeof spec.targetSet === 'string' && spec.targetSet !== '') {
      // As upstream's EDSR controller labels the EdgeDevice it creates for an approved request.
      labels['flotta/member-of'] = spec.targetSet;
    }
    return {
      ...base,
      state: spec.approved === true ? 'approved' : 'pending',
      deviceNamespace: target,
      requestedNamespace: target,
      labels,
      hardware: isObject(features.hardware) ? toHardwareInfo(features.hardware) : null,
      spec: null,
    };
  } catch (error) {
    if (error instanceof ManifestError) {
      throw new ManifestError(error.message, kind, namespace, name);
    }
    throw error;
  }
}

function labelsOf(metadata: Obj): Record<string, string> {
  const labels = isObject(metadata.labels) ? metadata.labels : {};
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value !== 'string') {
      throw new ManifestError(`metadata.labels.${key}: must be a string`);
    }
    if (key !== INITIAL_LABEL) {
      kept[key] = value;
    }
  }
  return kept;
}

function timestamp(value: unknown): string | undefined {
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
    return new Date(value).toISOString();
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  return undefined;
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

/** Keys whose Edge API name is not the snake_case of the CRD's (upstream MapHardware, read backwards). */
const RENAMED: Record<string, string> = { owner: 'uid', group: 'gid', folder: 'directory' };

const snake = (key: string): string => RENAMED[key] ?? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The CRD's `Hardware` (camelCase, `cpu.frequency` a string) as the Edge API's `hardware-info` (snake_case), the
 * shape the registry keeps and `device.*` labels derive from.
 */
export function toHardwareInfo(hardware: Obj): HardwareInfo {
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      return value.map(convert);
    }
    if (isObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), convert(v)]));
    }
    return value;
  };
  const info = convert(hardware) as Obj;
  const cpu = info.cpu;
  if (isObject(cpu) && typeof cpu.frequency === 'string') {
    const frequency = Number(cpu.frequency);
    info.cpu = { ...cpu, frequency: Number.isFinite(frequency) ? frequency : undefined };
  }
  return info;
}
