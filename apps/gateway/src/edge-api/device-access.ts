import { AppConfig } from '@lib/config';
import type { DeviceStateReply } from '@lib/contracts';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { RegistryCache } from '../registry-cache/registry-cache';
import type { DevicePathParams } from './device-path.params';

export type ApprovedDevice = DeviceStateReply & { namespace: string };

/** Which devices may use which operation, per docs/contract.md#what-we-answer. */
@Injectable()
export class DeviceAccess {
  constructor(
    private readonly registry: RegistryCache,
    private readonly config: AppConfig,
  ) {}

  /**
   * The device's registry state when the path's namespace is its own or the initial namespace (the first
   * registration always asks with `default`, docs/contract.md#namespaces-in-the-path); `unknown` otherwise.
   */
  lookup(params: DevicePathParams): DeviceStateReply {
    const reply = this.registry.lookup(params.deviceId);
    const namespaceMatches =
      params.namespace === reply.namespace || params.namespace === this.config.registry.initialNamespace;
    return namespaceMatches ? reply : { state: 'unknown' };
  }

  /** The device when it is approved or registered, as requireApproved() would return it. */
  approved(params: DevicePathParams): ApprovedDevice | undefined {
    const reply = this.lookup(params);
    return (reply.state === 'approved' || reply.state === 'registered') && reply.namespace
      ? (reply as ApprovedDevice)
      : undefined;
  }

  /** An approved or registered device; anything else is refused with `code` (a 403 or a 404). */
  requireApproved(
    params: DevicePathParams,
    code: 'DEVICE_NOT_APPROVED' | 'DEVICE_NOT_FOUND',
  ): ApprovedDevice {
    const device = this.approved(params);
    if (device) {
      return device;
    }
    throw new DomainError(
      code,
      code === 'DEVICE_NOT_APPROVED'
        ? `Device ${params.deviceId} is not approved`
        : `Device ${params.deviceId} is not registered in namespace ${params.namespace}`,
    );
  }
}
