import { AppConfig } from '@lib/config';
import {
  BatchConsumer,
  type ConsumedEvent,
  ConsumerLagMonitor,
  ConsumerReadiness,
  DeadLetterService,
  type RejectedEvent,
} from '@lib/kafka';
import { MetricsService } from '@lib/observability';
import { Injectable } from '@nestjs/common';
import { DeviceRegistry } from './device-registry';
import { REGISTRY_EVENT_CLASSES, type RegistryEvent } from './registry-events';

/**
 * Consumes the registry's topics a partition batch at a time: an enrolment storm is a few statements per
 * batch, not one transaction per device.
 */
@Injectable()
export class RegistryEventsConsumer extends BatchConsumer<RegistryEvent> {
  protected readonly eventClasses = REGISTRY_EVENT_CLASSES;

  constructor(
    config: AppConfig,
    deadLetters: DeadLetterService,
    metrics: MetricsService,
    readiness: ConsumerReadiness,
    lag: ConsumerLagMonitor,
    private readonly registry: DeviceRegistry,
  ) {
    super(config, deadLetters, metrics, readiness, lag);
  }

  protected handleBatch(
    events: ConsumedEvent<RegistryEvent>[],
    topic: string,
  ): Promise<RejectedEvent<RegistryEvent>[]> {
    return this.registry.apply(topic, events);
  }
}
