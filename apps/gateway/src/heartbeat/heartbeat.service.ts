import { type Heartbeat, type HeartbeatReceivedEvent, TOPICS } from '@lib/contracts';
import { Injectable } from '@nestjs/common';
import { DeviceAccess } from '../edge-api/device-access';
import { DeviceEvents } from '../edge-api/device-events';
import type { DevicePathParams } from '../edge-api/device-path.params';
import { RecordingPolicyCache } from './recording-policy-cache';

@Injectable()
export class HeartbeatService {
  constructor(
    private readonly access: DeviceAccess,
    private readonly events: DeviceEvents,
    private readonly policies: RecordingPolicyCache,
  ) {}

  /**
   * Unknown and decommissioned devices get a 404 and never reach Kafka; heartbeats of a namespace whose
   * recording policy is `ignore` are answered 200 and go nowhere.
   */
  async record(params: DevicePathParams, heartbeat: Heartbeat, correlationId: string): Promise<void> {
    const device = this.access.requireApproved(params, 'DEVICE_NOT_FOUND');
    if (this.policies.isIgnored(device.namespace)) {
      return;
    }
    const event: Omit<HeartbeatReceivedEvent, 'eventId' | 'occurredAt' | 'schemaVersion'> = {
      deviceId: params.deviceId,
      namespace: device.namespace,
      receivedAt: new Date().toISOString(),
      heartbeat,
    };
    await this.events.publish(TOPICS.heartbeatReceived, event, correlationId);
  }
}
