import { EnrolmentRequestedEvent, parseEvent, TOPICS } from '@lib/contracts';
import { KafkaOutcomeInterceptor } from '@lib/kafka';
import { Controller, UseInterceptors } from '@nestjs/common';
import { EventPattern, Payload, Transport } from '@nestjs/microservices';
import { DeviceRegistry } from '../registry/device-registry.service';

@Controller()
@UseInterceptors(KafkaOutcomeInterceptor)
export class EnrolmentRequestedHandler {
  constructor(private readonly registry: DeviceRegistry) {}

  @EventPattern(TOPICS.enrolmentRequested, Transport.KAFKA)
  async handle(@Payload() payload: unknown): Promise<void> {
    await this.registry.enrol(await parseEvent(EnrolmentRequestedEvent, payload));
  }
}
