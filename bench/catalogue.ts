import { FLEET_NAMESPACE } from './fleet';
import type { Management } from './management';

/**
 * The namespace's catalogue: two fleet-wide workloads and one application workload per cohort, so that every
 * device runs three workloads, with a registry secret, an API token and two configmaps as a real fleet has.
 */
const b64 = (s: string): string => Buffer.from(s).toString('base64');

export const SECRETS: Record<string, unknown> = {
  registry: {
    type: 'kubernetes.io/dockerconfigjson',
    data: {
      '.dockerconfigjson': b64(
        JSON.stringify({ auths: { 'quay.io': { auth: b64('fleet-bot:9a8b7c6d5e4f3a2b1c0d') } } }),
      ),
    },
  },
  'telemetry-token': { stringData: { token: 'tt-5f2b8c1e9d7a4b6c8e0f1a2b3c4d5e6f', region: 'eu-west' } },
};

export const CONFIG_MAPS: Record<string, unknown> = {
  'agent-settings': { data: { LOG_LEVEL: 'info', SYNC_INTERVAL: '30s', UPLINK: 'mqtt://broker.fleet:8883' } },
  'telemetry-settings': { data: { SCRAPE_INTERVAL: '15s', BATCH: '500', COMPRESS: 'zstd' } },
};

const resources = (cpu: string, memory: string): Record<string, unknown> => ({
  limits: { cpu, memory },
  requests: { cpu: '50m', memory: '32Mi' },
});

function workload(
  selector: Record<string, string>,
  containers: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    deviceSelector: { matchLabels: selector },
    type: 'pod',
    pod: { spec: { containers, restartPolicy: 'Always' } },
    labels: { 'podman/fleet': 'bench' },
    imageRegistries: { secretRef: { name: 'registry' } },
    ...extra,
  };
}

export const FLEET_WORKLOADS: Record<string, Record<string, unknown>> = {
  agent: workload({ fleet: 'bench' }, [
    {
      name: 'agent',
      image: 'quay.io/acme/fleet-agent:2.4.1',
      envFrom: [{ configMapRef: { name: 'agent-settings' } }],
      ports: [{ containerPort: 8080, hostPort: 18080 }],
      resources: resources('200m', '128Mi'),
      volumeMounts: [{ name: 'data', mountPath: '/var/lib/agent' }],
    },
  ]),
  telemetry: workload(
    { fleet: 'bench' },
    [
      {
        name: 'collector',
        image: 'quay.io/acme/telemetry-collector:1.9.0',
        envFrom: [{ configMapRef: { name: 'telemetry-settings' } }],
        env: [{ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'telemetry-token', key: 'token' } } }],
        resources: resources('100m', '64Mi'),
      },
    ],
    { data: { egress: [{ source: '/var/spool/telemetry', target: 'telemetry' }] } },
  ),
};

/** The application workload of one cohort; `tag` is what the fan-out scenario changes. */
export function appWorkload(cohort: string, tag = '1.0.0'): Record<string, unknown> {
  return workload({ fleet: 'bench', cohort }, [
    {
      name: 'app',
      image: `quay.io/acme/edge-app-${cohort}:${tag}`,
      env: [
        { name: 'COHORT', value: cohort },
        { name: 'FEATURE_FLAGS', value: 'vision,upload,metrics' },
      ],
      ports: [{ containerPort: 9000 }],
      resources: resources('500m', '256Mi'),
    },
    {
      name: 'sidecar',
      image: 'quay.io/acme/edge-proxy:0.8.3',
      args: ['--listen=:9443', '--upstream=127.0.0.1:9000'],
      resources: resources('100m', '32Mi'),
    },
  ]);
}

/** The rule that approves the storm's devices into the fleet's first cohort. */
export const STORM_RULE = {
  deviceIdPattern: 'bench-*',
  namespacePattern: FLEET_NAMESPACE,
  targetNamespace: FLEET_NAMESPACE,
  labels: { fleet: 'bench', cohort: 'c0' },
};

/** Writes the namespace's catalogue and the storm's rule: what every run starts from. */
export async function putCatalogue(management: Management): Promise<void> {
  const ns = `/namespaces/${FLEET_NAMESPACE}`;
  for (const [name, body] of Object.entries(SECRETS)) {
    await management.put(`${ns}/secrets/${name}`, body);
  }
  for (const [name, body] of Object.entries(CONFIG_MAPS)) {
    await management.put(`${ns}/configmaps/${name}`, body);
  }
  for (const [name, body] of Object.entries(FLEET_WORKLOADS)) {
    await management.put(`${ns}/workloads/${name}`, body);
  }
  await management.put(`${ns}/workloads/app-c0`, appWorkload('c0'));
  await management.put('/auto-approval-rules/bench-storm', STORM_RULE);
}
