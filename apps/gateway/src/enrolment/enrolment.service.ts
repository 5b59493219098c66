import { type EnrolmentInfo, type EnrolmentRequestedEvent, TOPICS } from '@lib/contracts';
import { Injectable } from '@nestjs/common';
import { DeviceEvents } from '../edge-api/device-events.service';
import type { DevicePathParams } from '../edge-api/device-path.params';
import { RegistryCache } from '../registry-cache/registry-cache.service';

@Injectable()
export class EnrolmentService {
  constructor(
    private readonly registry: RegistryCache,
    private readonly events: DeviceEvents,
  ) {}

  /**
   * Returns true when the device is approved. Otherwise the request is queued (published, acknowledged) for
   * the registration worker, unless the device is already waiting or rejected: its 10-second polls then
   * add nothing.
   */
  async enrol(params: DevicePathParams, info: EnrolmentInfo, correlationId: string): Promise<boolean> {
    // Any namespace: the device enrols with the namespace it asks for, which an approval may have changed.
    const { state } = this.registry.lookup(params.deviceId);
    if (state === 'approved' || state === 'registered') {
      return true;
    }
    if (state === 'unknown' || state === 'decommissioned') {
      const event: Omit<EnrolmentRequestedEvent, 'eventId' | 'occurredAt' | 'schemaVersion'> = {
        deviceId: params.deviceId,
        namespace: params.namespace,
        enrolmentInfo: info,
      };
      await this.events.publish(TOPICS.enrolmentRequested, event, correlationId);
    }
    return false;
  }
}
