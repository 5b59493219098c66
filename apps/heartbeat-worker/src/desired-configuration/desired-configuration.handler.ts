import { DeviceConfigurationChangedEvent, TOPICS } from '@lib/contracts';
import { BatchHandler, type ParsedBatch } from '@lib/kafka';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DesiredConfigurationsService } from './desired-configurations.service';

/**
 * `device.configuration-changed.v1`, a partition batch at a time (KafkaBatchServer, in the worker's one consumer
 * group: the configuration changes are few next to the heartbeats).
 */
@BatchHandler()
export class DesiredConfigurationHandler {
  constructor(private readonly configurations: DesiredConfigurationsService) {}

  @EventPattern(TOPICS.deviceConfigurationChanged, { eventClass: DeviceConfigurationChangedEvent })
  handle(@Payload() batch: ParsedBatch<DeviceConfigurationChangedEvent>): Promise<void> {
    return this.configurations.apply(batch.events);
  }
}
