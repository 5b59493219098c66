import { HEADERS, newEnvelope, TOPICS } from '@lib/contracts';
import { EventPublisher } from '@lib/kafka';
import { Injectable } from '@nestjs/common';

type CommandTopic =
  | typeof TOPICS.enrolmentDecided
  | typeof TOPICS.labelsChangeRequested
  | typeof TOPICS.decommissionRequested
  | typeof TOPICS.deviceImportRequested;

/** Operators' decisions go to the registration worker as commands: one writer owns the registry. */
@Injectable()
export class RegistryCommands {
  constructor(private readonly publisher: EventPublisher) {}

  async send(
    topic: CommandTopic,
    payload: { deviceId: string } & Record<string, unknown>,
    correlationId: string,
  ): Promise<string> {
    const event = { ...newEnvelope(), ...payload };
    await this.publisher.publish(topic, {
      key: payload.deviceId,
      value: JSON.stringify(event),
      headers: { [HEADERS.correlationId]: correlationId, [HEADERS.eventType]: topic },
    });
    return event.eventId;
  }
}
