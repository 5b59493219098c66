import { DEVICE_ID_PATTERN, NAMESPACE_PATTERN } from '@lib/contracts';
import { DomainError } from '@lib/platform';
import { Injectable, type PipeTransform } from '@nestjs/common';

/** Base path of the Edge Configuration API (swagger-backend.yaml `basePath`). */
export const EDGE_API_DEVICE_PATH = 'api/flotta-backend/v1/namespaces/:namespace/devices/:deviceId';

/** The device a request is about, from its path. */
export interface DevicePathParams {
  namespace: string;
  deviceId: string;
}

/**
 * Checks the path's namespace (DNS-1123 label) and device ID (IsDeviceId's rules) with two regular expressions.
 * Every Edge API request carries them, so this replaces class-validator on the hot path.
 */
export function parseDevicePath(params: unknown): DevicePathParams {
  const { namespace, deviceId } = (params ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof namespace !== 'string' || namespace.length > 63 || !NAMESPACE_PATTERN.test(namespace)) {
    problems.push('namespace must be a DNS-1123 label');
  }
  if (typeof deviceId !== 'string' || deviceId.length > 253 || !DEVICE_ID_PATTERN.test(deviceId)) {
    problems.push(
      'deviceId must be 1-253 letters, digits, ".", "_" or "-", starting and ending with a letter or digit',
    );
  }
  if (problems.length > 0) {
    throw new DomainError('VALIDATION_FAILED', problems.join('; '));
  }
  return { namespace: namespace as string, deviceId: deviceId as string };
}

/** parseDevicePath for Nest routes; `DevicePathParams` is an interface, which the global ValidationPipe leaves alone. */
@Injectable()
export class DevicePathPipe implements PipeTransform<Record<string, unknown>, DevicePathParams> {
  transform(params: Record<string, unknown>): DevicePathParams {
    return parseDevicePath(params);
  }
}
