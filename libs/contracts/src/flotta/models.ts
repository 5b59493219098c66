import { arr, map, obj, type Shape } from './shape';

// Shapes of the upstream models that the Edge API sends us (docs/contract.md#bodies-the-edge-api-sends).

const mount = obj({ device: 'string', directory: 'string', type: 'string', options: 'string' });

const networkInterface = obj({
  ipv6_addresses: arr('string'),
  vendor: 'string',
  name: 'string',
  has_carrier: 'boolean',
  product: 'string',
  mtu: 'integer',
  ipv4_addresses: arr('string'),
  biosdevname: 'string',
  client_id: 'string',
  mac_address: 'string',
  flags: arr('string'),
  speed_mbps: 'integer',
});

const disk = obj({
  id: 'string',
  drive_type: 'string',
  vendor: 'string',
  name: 'string',
  path: 'string',
  hctl: 'string',
  by_path: 'string',
  by_id: 'string',
  model: 'string',
  wwn: 'string',
  serial: 'string',
  size_bytes: 'integer',
  bootable: 'boolean',
  is_installation_media: 'boolean',
  smart: 'string',
  io_perf: obj({ sync_duration: 'integer' }),
});

export const hardwareInfoShape: Shape = obj({
  hostname: 'string',
  interfaces: arr(networkInterface),
  disks: arr(disk),
  boot: obj({ current_boot_mode: 'string', pxe_interface: 'string' }),
  system_vendor: obj({
    serial_number: 'string',
    product_name: 'string',
    manufacturer: 'string',
    virtual: 'boolean',
  }),
  memory: obj({ physical_bytes: 'integer', usable_bytes: 'integer' }),
  cpu: obj({
    count: 'integer',
    frequency: 'number',
    flags: arr('string'),
    model_name: 'string',
    architecture: 'string',
  }),
  gpus: arr(
    obj({ vendor: 'string', vendor_id: 'string', device_id: 'string', name: 'string', address: 'string' }),
  ),
  host_devices: arr(
    obj({
      path: 'string',
      device_type: 'string',
      uid: 'integer',
      gid: 'integer',
      major: 'integer',
      minor: 'integer',
    }),
  ),
  mounts: arr(mount),
});

export const enrolmentInfoShape: Shape = obj({
  features: obj({ modelName: 'string', hardware: hardwareInfoShape }),
  target_namespace: 'string',
});

export const registrationInfoShape: Shape = obj({
  hardware: hardwareInfoShape,
  certificate_request: 'string',
});

export const heartbeatShape: Shape = obj({
  status: 'string',
  version: 'string',
  workloads: arr(obj({ name: 'string', status: 'string', last_data_upload: 'string' })),
  'playbook-executions': arr(obj({ name: 'string', status: 'string', last_data_upload: 'string' })),
  upgrade: obj({ current_commit_ID: 'string', last_upgrade_status: 'string', last_upgrade_time: 'string' }),
  hardware: hardwareInfoShape,
  events: arr(obj({ reason: 'string', message: 'string', type: 'string' })),
});

export const labelsShape: Shape = map('string');

/** Hardware as the Edge API forwards it; every field optional, arrays may be null. */
export type HardwareInfo = Record<string, unknown> & { hostname?: string | null };

export interface EnrolmentInfo {
  features?: { modelName?: string | null; hardware?: HardwareInfo | null } | null;
  target_namespace?: string | null;
}

export interface RegistrationInfo {
  hardware?: HardwareInfo | null;
  certificate_request?: string | null;
}

export interface Heartbeat {
  status?: string | null;
  version?: string | null;
  workloads?: { name?: string | null; status?: string | null; last_data_upload?: string | null }[] | null;
  'playbook-executions'?:
    { name?: string | null; status?: string | null; last_data_upload?: string | null }[] | null;
  upgrade?: Record<string, unknown> | null;
  hardware?: HardwareInfo | null;
  events?: { reason?: string | null; message?: string | null; type?: string | null }[] | null;
}
