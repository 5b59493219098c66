import { DeviceLifecycleEvent, TOPICS } from '@lib/contracts';
import { BatchHandler, type ParsedBatch } from '@lib/kafka';
import { EventPattern, Payload } from '@nestjs/microservices';
import { LifecycleProjection } from './lifecycle-projection';

/**
 * `device.lifecycle.v1`, a partition batch at a time (KafkaBatchServer): an enrolment storm or a fleet's
 * registrations become a few set-based statements and one render per namespace, not one transaction per event.
 */
@BatchHandler()
export class DeviceLifecycleHandler {
  constructor(private readonly projection: LifecycleProjection) {}

  @EventPattern(TOPICS.deviceLifecycle, { eventClass: DeviceLifecycleEvent })
  handle(@Payload() batch: ParsedBatch<DeviceLifecycleEvent>): Promise<void> {
    return this.projection.apply(batch.events.map((e) => e.event));
  }
}
