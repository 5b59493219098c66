import { HEADERS, type Topic, newEnvelope } from '@lib/contracts';
import { EventPublisher } from '@lib/kafka';
import { Injectable } from '@nestjs/common';

/** Publishes a device event keyed by device ID, so one device's events stay in order on one partition. */
@Injectable()
export class DeviceEvents {
  constructor(private readonly publisher: EventPublisher) {}

  async publish<T extends { deviceId: string }>(
    topic: Topic,
    payload: T,
    correlationId: string,
  ): Promise<void> {
    const event = { ...newEnvelope(), ...payload };
    await this.publisher.publish(topic, {
      key: payload.deviceId,
      value: JSON.stringify(event),
      headers: { [HEADERS.correlationId]: correlationId, [HEADERS.eventType]: topic },
    });
  }
}
