import { DeviceLifecycleEvent, parseEvent, TOPICS } from '@lib/contracts';
import { KafkaOutcomeInterceptor } from '@lib/kafka';
import { Controller, UseInterceptors } from '@nestjs/common';
import { EventPattern, Payload, Transport } from '@nestjs/microservices';
import { DeviceViewService } from './device-view.service';

@Controller()
@UseInterceptors(KafkaOutcomeInterceptor)
export class DeviceLifecycleHandler {
  constructor(private readonly views: DeviceViewService) {}

  @EventPattern(TOPICS.deviceLifecycle, Transport.KAFKA)
  async handle(@Payload() payload: unknown): Promise<void> {
    const event = await parseEvent(DeviceLifecycleEvent, payload);
    // Presence changes carry no registry snapshot: the read model of the registry ignores them.
    if (event.device) {
      await this.views.apply(event.device);
    }
  }
}
