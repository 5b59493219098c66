import {
  type DeviceRegistrationStatusResponse,
  type RegistrationInfo,
  type RegistrationRequestedEvent,
  TOPICS,
} from '@lib/contracts';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { DeviceAccess } from '../edge-api/device-access';
import { DeviceEvents } from '../edge-api/device-events';
import type { DevicePathParams } from '../edge-api/device-path.params';

@Injectable()
export class RegistrationService {
  constructor(
    private readonly access: DeviceAccess,
    private readonly events: DeviceEvents,
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
    const device = this.access.requireApproved(params, 'DEVICE_NOT_APPROVED');
    const event: Omit<RegistrationRequestedEvent, 'eventId' | 'occurredAt' | 'schemaVersion'> = {
      deviceId: params.deviceId,
      namespace: device.namespace,
      hardware: info.hardware ?? undefined,
    };
    await this.events.publish(TOPICS.registrationRequested, event, correlationId);
  }
}
