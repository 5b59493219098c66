import { describe, expect, it } from 'vitest';
import { toDeviceImport, toHardwareInfo } from './device-manifests';
import { ManifestError } from './manifest-mapping';

const API = 'management.project-flotta.io/v1alpha1';

describe(toHardwareInfo.name, () => {
  it('turns the CRD hardware into the Edge API hardware-info', () => {
    expect(
      toHardwareInfo({
        hostname: 'h',
        cpu: { modelName: 'Cortex-A72', frequency: '1500', flags: [] },
        systemVendor: { serialNumber: 's', productName: 'p' },
        interfaces: [{ ipv4Addresses: ['10.0.0.1/24'], macAddress: 'm', hasCarrier: true }],
        disks: [{ byId: 'x', sizeBytes: 5, ioPerf: { syncDuration: 2 } }],
        hostDevices: [{ path: '/dev/loop0', deviceType: 'block', owner: 0, group: 6 }],
        mounts: [{ device: '/dev/sda1', folder: '/mnt' }],
      }),
    ).toEqual({
      hostname: 'h',
      cpu: { model_name: 'Cortex-A72', frequency: 1500, flags: [] },
      system_vendor: { serial_number: 's', product_name: 'p' },
      interfaces: [{ ipv4_addresses: ['10.0.0.1/24'], mac_address: 'm', has_carrier: true }],
      disks: [{ by_id: 'x', size_bytes: 5, io_perf: { sync_duration: 2 } }],
      host_devices: [{ path: '/dev/loop0', device_type: 'block', uid: 0, gid: 6 }],
      mounts: [{ device: '/dev/sda1', directory: '/mnt' }],
    });
  });
});

describe(toDeviceImport.name, () => {
  it('imports an EdgeDevice registered in its namespace, its configuration sections as its spec', () => {
    const i = toDeviceImport(
      {
        index: 0,
        value: {
          apiVersion: API,
          kind: 'EdgeDevice',
          metadata: { name: 'd1', namespace: 'fleet', labels: { a: 'b', edgedeviceSignedRequest: 'true' } },
          spec: {
            requestTime: '2026-01-01T00:00:00Z',
            heartbeat: { periodSeconds: 5 },
            storage: { s3: { createOBC: true } },
          },
        },
      },
      undefined,
    );
    expect(i).toMatchObject({
      state: 'registered',
      deviceNamespace: 'fleet',
      labels: { a: 'b' },
      spec: { heartbeat: { periodSeconds: 5 }, storage: { s3: {} } },
    });
  });

  it('imports a request pending or approved into its target namespace and set', () => {
    const request = (spec: Record<string, unknown>) =>
      toDeviceImport(
        {
          index: 0,
          value: {
            apiVersion: API,
            kind: 'EdgeDeviceSignedRequest',
            metadata: { name: 'd2', namespace: 'default' },
            spec,
          },
        },
        undefined,
      );
    expect(request({ targetNamespace: 'fleet' })).toMatchObject({
      state: 'pending',
      deviceNamespace: 'fleet',
      labels: {},
    });
    expect(request({ targetNamespace: 'fleet', approved: true, targetSet: 'lab' })).toMatchObject({
      state: 'approved',
      labels: { 'flotta/member-of': 'lab' },
    });
    expect(() => request({ approved: true })).toThrow(ManifestError);
  });
});
