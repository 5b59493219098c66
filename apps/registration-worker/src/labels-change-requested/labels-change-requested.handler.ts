import { LabelsChangeRequestedEvent, parseEvent, TOPICS } from '@lib/contracts';
import { KafkaOutcomeInterceptor } from '@lib/kafka';
import { Controller, UseInterceptors } from '@nestjs/common';
import { EventPattern, Payload, Transport } from '@nestjs/microservices';
import { DeviceRegistry } from '../registry/device-registry.service';

@Controller()
@UseInterceptors(KafkaOutcomeInterceptor)
export class LabelsChangeRequestedHandler {
  constructor(private readonly registry: DeviceRegistry) {}

  @EventPattern(TOPICS.labelsChangeRequested, Transport.KAFKA)
  async handle(@Payload() payload: unknown): Promise<void> {
    await this.registry.changeLabels(await parseEvent(LabelsChangeRequestedEvent, payload));
  }
}
