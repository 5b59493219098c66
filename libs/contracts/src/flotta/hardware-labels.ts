import type { HardwareInfo } from './models';

const trimToAlphanumeric = (value: string): string => value.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');

/**
 * Upstream NormalizeLabel: lowercase, trimmed to the first..last [a-z0-9], other characters dropped. Also cut
 * to 63 characters (and trimmed again), so the value stays a valid Kubernetes label value for selectors.
 */
export function normalizeLabel(value: string): string {
  const cleaned = trimToAlphanumeric(value.toLowerCase()).replace(/[^a-z0-9\-_.]/g, '');
  return trimToAlphanumeric(cleaned.slice(0, 63));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The `device.*` labels the reference derives from hardware at registration
 * (docs/contract.md#registration-and-hardware-labels).
 */
export function hardwareLabels(hardware: HardwareInfo | null | undefined): Record<string, string> {
  if (!hardware) {
    return {};
  }
  const cpu = (hardware.cpu ?? {}) as Record<string, unknown>;
  const vendor = (hardware.system_vendor ?? {}) as Record<string, unknown>;
  const candidates: [string, string | undefined][] = [
    ['device.hostname', text(hardware.hostname)],
    ['device.cpu-architecture', text(cpu.architecture)],
    ['device.cpu-model', text(cpu.model_name)],
    ['device.system-manufacturer', text(vendor.manufacturer)],
    ['device.system-product', text(vendor.product_name)],
    ['device.system-serial', text(vendor.serial_number)],
  ];
  const labels: Record<string, string> = {};
  for (const [key, raw] of candidates) {
    const value = raw === undefined ? '' : normalizeLabel(raw);
    if (value) {
      labels[key] = value;
    }
  }
  return labels;
}
