/**
 * The simulated fleet: device names, and the exact bodies the Flotta Edge API sends
 * (docs/contract.md#exact-examples) with realistic hardware (a Raspberry Pi 4 class device: two interfaces, one
 * disk, CPU flags) and workloads.
 */

export const FLEET_NAMESPACE = 'fleet';
/** Devices per cohort; each cohort has its own application workload (the fan-out target is cohort 0). */
export const COHORT_SIZE = 10_000;

export const deviceId = (index: number): string => `bench-${String(index).padStart(6, '0')}`;
export const cohortOf = (index: number): string => `c${Math.floor(index / COHORT_SIZE)}`;

/** POST enrolment, as the Edge API forwards a device that names its target namespace. */
export function enrolmentBody(namespace = FLEET_NAMESPACE): string {
  return `${JSON.stringify({ features: { modelName: 'rpi4' }, target_namespace: namespace })}\n`;
}

export function hardware(index: number): Record<string, unknown> {
  const mac = (n: number): string =>
    `dc:a6:32:${[(index >> 16) & 0xff, (index >> 8) & 0xff, (index + n) & 0xff]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join(':')}`;
  return {
    boot: { current_boot_mode: 'bios' },
    cpu: {
      architecture: 'aarch64',
      count: 4,
      flags: ['fp', 'asimd', 'evtstrm', 'crc32', 'cpuid'],
      frequency: 1500,
      model_name: 'Cortex-A72',
    },
    disks: [
      {
        by_path: '/dev/disk/by-path/platform-fe340000.mmc',
        drive_type: 'SSD',
        id: '/dev/disk/by-id/mmc-SC64G_0x1234abcd',
        model: 'SC64G',
        name: 'mmcblk0',
        path: '/dev/mmcblk0',
        serial: `0x${(0x1000000 + index).toString(16)}`,
        size_bytes: 63864569856,
        bootable: true,
      },
    ],
    gpus: null,
    host_devices: null,
    hostname: `edge-${index}`,
    interfaces: [
      {
        flags: ['up', 'broadcast', 'multicast'],
        has_carrier: true,
        ipv4_addresses: [`10.${(index >> 16) & 0xff}.${(index >> 8) & 0xff}.${index & 0xff}/16`],
        ipv6_addresses: null,
        mac_address: mac(0),
        mtu: 1500,
        name: 'eth0',
        speed_mbps: 1000,
      },
      {
        flags: ['up', 'broadcast', 'multicast'],
        has_carrier: false,
        ipv4_addresses: null,
        ipv6_addresses: null,
        mac_address: mac(1),
        mtu: 1500,
        name: 'wlan0',
        speed_mbps: -1,
      },
    ],
    memory: { physical_bytes: 4294967296, usable_bytes: 3978498048 },
    mounts: null,
    system_vendor: {
      manufacturer: 'Raspberry Pi Foundation',
      product_name: 'Raspberry Pi 4 Model B Rev 1.4',
      serial_number: `10000000${(0x10000000 + index).toString(16)}`,
    },
  };
}

/** PUT registration: the CSR (already signed by the Edge API) and the hardware inventory. */
export function registrationBody(index: number): string {
  return `${JSON.stringify({
    certificate_request:
      '-----BEGIN CERTIFICATE REQUEST-----\nMIIBLDCB0wIBADBxMQswCQYDVQQGEwJVUzEPMA0GA1UECAwGRGVuaWFsMRQwEgYDVQQH\n-----END CERTIFICATE REQUEST-----\n',
    hardware: hardware(index),
  })}\n`;
}

const WORKLOAD_NAMES = ['agent', 'telemetry'];

/**
 * PUT heartbeat as the device-worker sends it through the Edge API: podman states, a fresh upload time (so no
 * two heartbeats of a device are equal, as in real traffic), null arrays when empty.
 */
export function heartbeatBody(index: number, version: string, now = new Date()): string {
  const upload = now.toISOString();
  return `${JSON.stringify({
    events: null,
    'playbook-executions': null,
    status: 'up',
    version,
    workloads: [...WORKLOAD_NAMES, `app-${cohortOf(index)}`].map((name) => ({
      last_data_upload: upload,
      name,
      status: 'Running',
    })),
  })}\n`;
}

export const edgePath = (namespace: string, id: string, op: string): string =>
  `/api/flotta-backend/v1/namespaces/${encodeURIComponent(namespace)}/devices/${encodeURIComponent(id)}/${op}`;
