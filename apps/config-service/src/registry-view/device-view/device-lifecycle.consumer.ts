import { AppConfig } from '@lib/config';
import { DeviceLifecycleEvent, TOPICS } from '@lib/contracts';
import {
  BatchConsumer,
  type ConsumedEvent,
  ConsumerLagMonitor,
  ConsumerReadiness,
  DeadLetterService,
} from '@lib/kafka';
import { MetricsService } from '@lib/observability';
import { Injectable } from '@nestjs/common';
import { LifecycleProjection } from './lifecycle-projection';

/**
 * Consumes `device.lifecycle.v1` a partition batch at a time: an enrolment storm or a fleet's registrations
 * become a few set-based statements and one render per namespace, not one transaction per event.
 */
@Injectable()
export class DeviceLifecycleConsumer extends BatchConsumer<DeviceLifecycleEvent> {
  protected readonly eventClasses = { [TOPICS.deviceLifecycle]: DeviceLifecycleEvent };

  constructor(
    config: AppConfig,
    deadLetters: DeadLetterService,
    metrics: MetricsService,
    readiness: ConsumerReadiness,
    lag: ConsumerLagMonitor,
    private readonly projection: LifecycleProjection,
  ) {
    super(config, deadLetters, metrics, readiness, lag);
  }

  protected handleBatch(events: ConsumedEvent<DeviceLifecycleEvent>[]): Promise<void> {
    return this.projection.apply(events.map((e) => e.event));
  }
}
