/** The catalogue as the renderer sees it: plain data, already validated by the management API. */

export interface NameRef {
  name: string;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** The EdgeWorkload spec (upstream `api/v1alpha1`), plus the workload's labels and annotations. */
export interface WorkloadSpec {
  device?: string;
  deviceSelector?: LabelSelector;
  type: 'pod';
  pod: { spec: Record<string, unknown> };
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  imageRegistries?: { secretRef?: NameRef };
  data?: { ingress?: DataPath[]; egress?: DataPath[] };
  metrics?: {
    path?: string;
    port?: number;
    interval?: number;
    allowList?: NameRef;
    containers?: Record<string, { disabled?: boolean; path?: string; port?: number }>;
  };
  logCollection?: string;
}

export interface DataPath {
  source: string;
  target: string;
}

export interface ComponentMetrics {
  interval?: number;
  allowList?: NameRef;
  disabled?: boolean;
}

/** The configuration sections of an EdgeDeviceSet spec, also used for a device's own spec. */
export interface ConfigSpec {
  heartbeat?: { periodSeconds?: number; hardwareProfile?: { include?: boolean; scope?: 'full' | 'delta' } };
  osInformation?: { commitID?: string; hostedObjectsURL?: string; automaticallyUpgrade?: boolean };
  mounts?: { device?: string; folder?: string; type?: string; options?: string }[];
  storage?: { s3?: { configMapName?: string; secretName?: string } };
  metrics?: {
    retention?: { maxMiB?: number; maxHours?: number };
    system?: ComponentMetrics;
    dataTransfer?: ComponentMetrics;
    receiverConfiguration?: {
      requestNumSamples?: number;
      timeoutSeconds?: number;
      url?: string;
      caSecretName?: string;
    };
  };
  logCollection?: Record<string, { kind?: string; bufferSize?: number; syslogConfig?: NameRef }>;
}

export interface ConfigMapData {
  data: Record<string, string>;
  labels: Record<string, string>;
}

/** A secret opened for rendering: `data` maps each key to the base64 of its value, as in Kubernetes. */
export interface SecretData {
  type: string;
  data: Record<string, string>;
}

/** Everything of one namespace that can feed a device. */
export interface NamespaceCatalogue {
  namespace: string;
  workloads: { name: string; spec: WorkloadSpec }[];
  sets: Map<string, ConfigSpec>;
  configMaps: Map<string, ConfigMapData>;
  secrets: Map<string, SecretData>;
}

export interface DeviceInput {
  deviceId: string;
  labels: Record<string, string>;
  spec?: ConfigSpec;
}

/** Label through which a device joins a device set, as upstream. */
export const MEMBER_OF_LABEL = 'flotta/member-of';
