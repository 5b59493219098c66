import { HeartbeatReceivedEvent, parseEvent, TOPICS } from '@lib/contracts';
import { KafkaOutcomeInterceptor } from '@lib/kafka';
import { Controller, UseInterceptors } from '@nestjs/common';
import { EventPattern, Payload, Transport } from '@nestjs/microservices';
import { DeviceStatusService } from './device-status.service';

@Controller()
@UseInterceptors(KafkaOutcomeInterceptor)
export class HeartbeatReceivedHandler {
  constructor(private readonly statuses: DeviceStatusService) {}

  @EventPattern(TOPICS.heartbeatReceived, Transport.KAFKA)
  async handle(@Payload() payload: unknown): Promise<void> {
    await this.statuses.record(await parseEvent(HeartbeatReceivedEvent, payload));
  }
}
