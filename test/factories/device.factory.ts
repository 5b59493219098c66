import { randomUUID } from 'node:crypto';

/** A device ID no other test uses. */
export function newDeviceId(prefix = 'dev'): string {
  return `${prefix}-${randomUUID().slice(0, 12)}`;
}

/** A namespace no other test uses (DNS-1123). */
export function newNamespace(prefix = 'ns'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** POST enrolment body, as in docs/contract.md#exact-examples. */
export function enrolmentBody(targetNamespace?: string): Record<string, unknown> {
  return targetNamespace === undefined
    ? { features: {} }
    : { features: { modelName: 'rpi' }, target_namespace: targetNamespace };
}

/** PUT registration body with the null arrays the Edge API sends (docs/contract.md#exact-examples). */
export function registrationBody(hostname = 'edge-host-1'): Record<string, unknown> {
  return {
    certificate_request: '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n',
    hardware: {
      disks: null,
      gpus: null,
      host_devices: null,
      hostname,
      interfaces: null,
      mounts: null,
      cpu: { architecture: 'aarch64', model_name: 'Cortex-A72', count: 4, flags: null },
      system_vendor: {
        manufacturer: 'Raspberry Pi Foundation',
        product_name: 'Raspberry Pi 4 Model B',
        serial_number: '10000000abc',
      },
    },
  };
}

/** PUT heartbeat body as the device-worker sends it (podman states in workloads, zero timestamps). */
export function heartbeatBody(
  version = '1',
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    events: [{ message: 'M', reason: 'R', type: 'warn' }],
    'playbook-executions': null,
    status: 'up',
    version,
    workloads: [{ last_data_upload: '0001-01-01T00:00:00.000Z', name: 'w', status: 'Running' }],
    ...overrides,
  };
}
