import {
  type DeviceRegistrationStatusResponse,
  type RegistrationInfo,
  type RegistrationRequestedEvent,
  TOPICS,
} from '@lib/contracts';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { type ApprovedDevice, DeviceAccess } from '../edge-api/device-access';
import { DeviceEvents } from '../edge-api/device-events';
import type { DevicePathParams } from '../edge-api/device-path.params';
import { RegistryCache } from '../registry-cache/registry-cache';

/** How long a registration waits for this replica's registry copy to learn of an approval it has not seen. */
const APPROVAL_CATCH_UP_MS = 500;

@Injectable()
export class RegistrationService {
  constructor(
    private readonly access: DeviceAccess,
    private readonly events: DeviceEvents,
    private readonly registry: RegistryCache,
  ) {}

  /**
   * `registered` with the real namespace (it becomes the certificate's OU), `unregistered` only after
   * decommissioning (it makes the device wipe itself), and a 404 `unknown` for everything else, so that no
   * certificate is issued to a device nobody approved (docs/contract.md#what-the-edge-api-does-with-our-answers).
   */
  status(params: DevicePathParams): DeviceRegistrationStatusResponse {
    const device = this.access.lookup(params);
    switch (device.state) {
      case 'approved':
      case 'registered':
        return { status: 'registered', namespace: device.namespace };
      case 'decommissioned':
        return { status: 'unregistered', namespace: device.namespace };
      case 'pending':
      case 'rejected':
      case 'unknown':
        throw new DomainError('DEVICE_NOT_FOUND', `Device ${params.deviceId} is not approved`, {
          status: 'unknown',
        });
    }
  }

  async register(params: DevicePathParams, info: RegistrationInfo, correlationId: string): Promise<void> {
    const device = await this.approved(params);
    const event: Omit<RegistrationRequestedEvent, 'eventId' | 'occurredAt' | 'schemaVersion'> = {
      deviceId: params.deviceId,
      namespace: device.namespace,
      hardware: info.hardware ?? undefined,
    };
    await this.events.publish(TOPICS.registrationRequested, event, correlationId);
  }

  /**
   * The device, approved. Each gateway replica reads the registry's topic on its own, so one can be a moment behind
   * another: a device told "registered" by one replica (it only registers after that) may reach this one before
   * its copy has the approval. A device this copy still has as pending or unknown gets that moment; one it has as
   * rejected or decommissioned is refused at once.
   */
  private async approved(params: DevicePathParams): Promise<ApprovedDevice> {
    const { state } = this.access.lookup(params);
    if (state === 'pending' || state === 'unknown') {
      await this.registry.changed(params.deviceId, APPROVAL_CATCH_UP_MS);
    }
    return this.access.requireApproved(params, 'DEVICE_NOT_APPROVED');
  }
}
