import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { NamespaceCatalogue, SecretData, WorkloadSpec } from './catalogue.types';
import { renderConfiguration } from './render-configuration';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

const pod = (spec: Record<string, unknown>): WorkloadSpec => ({
  type: 'pod',
  deviceSelector: { matchLabels: { app: 'cam' } },
  pod: { spec },
});

function catalogue(overrides: Partial<NamespaceCatalogue> = {}): NamespaceCatalogue {
  return {
    namespace: 'ns1',
    workloads: [],
    sets: new Map(),
    configMaps: new Map([['cfg', { data: { mode: 'fast' }, labels: {} }]]),
    secrets: new Map<string, SecretData>([
      ['creds', { type: 'Opaque', data: { password: b64('hunter2') } }],
      ['reg', { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('{"auths":{}}') } }],
    ]),
    ...overrides,
  };
}

describe(renderConfiguration.name, () => {
  it('gives a device without catalogue the reference defaults', () => {
    const sut = renderConfiguration({ deviceId: 'd1', labels: {} }, catalogue());

    expect(sut).toEqual({
      device_id: 'd1',
      configuration: {
        heartbeat: { period_seconds: 60, hardware_profile: {} },
        metrics: { receiver: { request_num_samples: 30000, timeout_seconds: 10 } },
        mounts: [],
      },
      workloads: [],
    });
  });

  it('renders a targeted workload with its PodSpec as YAML, configmaps as manifests and secrets as JSON', () => {
    const spec = pod({
      containers: [
        {
          name: 'c',
          image: 'quay.io/x/cam:1',
          envFrom: [{ configMapRef: { name: 'cfg' } }],
          env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } }],
        },
      ],
    });
    spec.imageRegistries = { secretRef: { name: 'reg' } };
    spec.labels = { 'podman/tier': 'edge', other: 'x' };
    const sut = renderConfiguration(
      { deviceId: 'd1', labels: { app: 'cam' } },
      catalogue({ workloads: [{ name: 'cam', spec }] }),
    );

    expect(sut.workloads).toHaveLength(1);
    const [w] = sut.workloads as Record<string, unknown>[];
    expect(w).toMatchObject({ name: 'cam', namespace: 'ns1', labels: { tier: 'edge' } });
    expect(parse(w.specification as string)).toEqual(spec.pod.spec);
    expect(w.imageRegistries).toEqual({ authFile: '{"auths":{}}' });
    expect((w.configmaps as string[]).map((m) => parse(m) as unknown)).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cfg', namespace: 'ns1' },
        data: { mode: 'fast' },
      },
    ]);
    expect(sut.secrets).toEqual([{ name: 'creds', data: JSON.stringify({ password: b64('hunter2') }) }]);
  });

  it('leaves out workloads whose selector does not match', () => {
    const sut = renderConfiguration(
      { deviceId: 'd1', labels: { app: 'other' } },
      catalogue({ workloads: [{ name: 'cam', spec: pod({ containers: [] }) }] }),
    );

    expect(sut.workloads).toEqual([]);
    expect(sut.secrets).toBeUndefined();
  });

  it("lets the device's own spec override its set field by field", () => {
    const sets = new Map([
      [
        'lab',
        {
          heartbeat: { periodSeconds: 30, hardwareProfile: { include: true, scope: 'full' as const } },
          osInformation: { commitID: 'abc', automaticallyUpgrade: true },
        },
      ],
    ]);
    const sut = renderConfiguration(
      { deviceId: 'd1', labels: { 'flotta/member-of': 'lab' }, spec: { heartbeat: { periodSeconds: 5 } } },
      catalogue({ sets }),
    );

    expect(sut.configuration.heartbeat).toEqual({
      period_seconds: 5,
      hardware_profile: { include: true, scope: 'full' },
    });
    expect(sut.configuration.os).toEqual({ commit_id: 'abc', automatically_upgrade: true });
  });

  it('renders mounts, log collection and metrics with the upstream names', () => {
    const sut = renderConfiguration(
      {
        deviceId: 'd1',
        labels: {},
        spec: {
          mounts: [{ device: '/dev/sdb', folder: '/data', type: 'ext4' }],
          logCollection: { syslog: { kind: 'syslog', bufferSize: 12, syslogConfig: { name: 'sys' } } },
          metrics: {
            retention: { maxHours: 24 },
            receiverConfiguration: { timeoutSeconds: 5, url: 'http://m' },
          },
        },
      },
      catalogue({ configMaps: new Map([['sys', { data: { Address: '10.0.0.1:514' }, labels: {} }]]) }),
    );

    expect(sut.configuration).toMatchObject({
      mounts: [{ device: '/dev/sdb', directory: '/data', type: 'ext4' }],
      'log-collection': {
        syslog: {
          kind: 'syslog',
          buffer_size: 12,
          syslog_config: { address: '10.0.0.1:514', protocol: 'tcp' },
        },
      },
      metrics: {
        receiver: { request_num_samples: 30000, timeout_seconds: 5, url: 'http://m' },
        retention: { max_hours: 24 },
      },
    });
  });
});
