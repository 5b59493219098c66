import { type EnrolmentInfo, type EnrolmentRequestedEvent, TOPICS } from '@lib/contracts';
import { Injectable } from '@nestjs/common';
import { DeviceEvents } from '../edge-api/device-events';
import type { DevicePathParams } from '../edge-api/device-path.params';
import { RegistryCache } from '../registry-cache/registry-cache';

/** A queued enrolment is not queued again for the same registry entry within this time. */
const REQUEUE_AFTER_MS = 60_000;

@Injectable()
export class EnrolmentService {
  /** Enrolments this replica queued, by device, oldest first: when, for which namespace and registry revision. */
  private readonly queued = new Map<string, { at: number; namespace: string; revision?: number }>();

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
    if ((state === 'unknown' || state === 'decommissioned') && !this.alreadyQueued(params)) {
      const event: Omit<EnrolmentRequestedEvent, 'eventId' | 'occurredAt' | 'schemaVersion'> = {
        deviceId: params.deviceId,
        namespace: params.namespace,
        enrolmentInfo: info,
      };
      await this.events.publish(TOPICS.enrolmentRequested, event, correlationId);
      this.remember(params);
    }
    return false;
  }

  /**
   * The device polls every 10 s until approved. While the registration worker has not yet taken its queued
   * enrolment (the registry entry this replica knows is the one it queued against), another poll adds nothing
   * but load: in an enrolment storm, re-queueing each poll multiplies the worker's backlog. Once a minute it is
   * queued again all the same, in case the worker dropped it.
   */
  private alreadyQueued({ deviceId, namespace }: DevicePathParams): boolean {
    const queued = this.queued.get(deviceId);
    return (
      queued !== undefined &&
      Date.now() - queued.at < REQUEUE_AFTER_MS &&
      queued.namespace === namespace &&
      queued.revision === this.registry.revisionOf(deviceId)
    );
  }

  private remember({ deviceId, namespace }: DevicePathParams): void {
    const now = Date.now();
    this.queued.delete(deviceId);
    this.queued.set(deviceId, { at: now, namespace, revision: this.registry.revisionOf(deviceId) });
    // Oldest first: forget what has expired, so the map holds at most a minute of enrolments.
    for (const [id, entry] of this.queued) {
      if (now - entry.at < REQUEUE_AFTER_MS) {
        break;
      }
      this.queued.delete(id);
    }
  }
}
