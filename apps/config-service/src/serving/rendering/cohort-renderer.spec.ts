import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../secret-box';
import type { DeviceInput, NamespaceCatalogue, SecretData, WorkloadSpec } from './catalogue.types';
import { CohortRenderer } from './cohort-renderer';
import type { Json } from './flotta-format';
import { renderConfiguration } from './render-configuration';
import { openConfiguration } from './seal-configuration';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const box = new SecretBox(Buffer.alloc(32, 7));

const workload = (selector: Record<string, string>): WorkloadSpec => ({
  type: 'pod',
  deviceSelector: { matchLabels: selector },
  pod: {
    spec: {
      containers: [
        {
          name: 'c',
          image: 'quay.io/x/cam:1',
          env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } }],
        },
      ],
    },
  },
  imageRegistries: { secretRef: { name: 'reg' } },
});

const catalogue: NamespaceCatalogue = {
  namespace: 'ns1',
  workloads: [
    { name: 'cam', spec: workload({ app: 'cam' }) },
    { name: 'all', spec: workload({}) },
  ],
  sets: new Map(),
  configMaps: new Map([['bucket', { data: { BUCKET_HOST: 's3.local', BUCKET_NAME: 'b' }, labels: {} }]]),
  secrets: new Map<string, SecretData>([
    ['creds', { type: 'Opaque', data: { password: b64('hunter2') } }],
    [
      'reg',
      { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('{"auths":{"q":1}}') } },
    ],
    ['aws', { type: 'Opaque', data: { AWS_ACCESS_KEY_ID: b64('AKIA'), AWS_SECRET_ACCESS_KEY: b64('shh') } }],
  ]),
};

const devices: DeviceInput[] = [
  { deviceId: 'cam-1', labels: { app: 'cam' } },
  { deviceId: 'cam-2', labels: { app: 'cam' } },
  { deviceId: 'plain', labels: {} },
  {
    deviceId: 'stored',
    labels: { app: 'cam' },
    spec: { storage: { s3: { configMapName: 'bucket', secretName: 'aws' } } },
  },
];

describe(CohortRenderer.name, () => {
  it('stores exactly the document and digest of a device-by-device render, secrets sealed for the device', () => {
    const sut = new CohortRenderer(catalogue, box);

    for (const device of devices) {
      const row = sut.render(device);
      const expected = renderConfiguration(device, catalogue);
      const stored = JSON.parse(row.sealedJson) as Json;

      expect(row.hash).toBe(box.digest(JSON.stringify([catalogue.namespace, expected])));
      expect(JSON.stringify(openConfiguration(stored, box, device.deviceId))).toBe(JSON.stringify(expected));
    }
  });

  it('keeps no secret in the clear and binds sealed values to the device', () => {
    const sut = new CohortRenderer(catalogue, box);
    const row = sut.render(devices[3]);

    for (const plaintext of ['hunter2', '{"auths":{"q":1}}', 'QUtJQQ==', 'c2ho']) {
      expect(row.sealedJson).not.toContain(plaintext);
      expect(row.sealedJson).not.toContain(JSON.stringify(plaintext).slice(1, -1));
    }
    expect(() => openConfiguration(JSON.parse(row.sealedJson) as Json, box, 'cam-1')).toThrow();
  });

  it('renders devices alike in workloads, set and own spec once', () => {
    const sut = new CohortRenderer(catalogue, box);
    devices.forEach((d) => sut.render(d));

    expect(sut.cohortCount).toBe(3);
  });
});
