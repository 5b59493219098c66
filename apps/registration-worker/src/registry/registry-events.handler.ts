import {
  DecommissionRequestedEvent,
  EnrolmentDecidedEvent,
  EnrolmentRequestedEvent,
  LabelsChangeRequestedEvent,
  RegistrationRequestedEvent,
  TOPICS,
} from '@lib/contracts';
import { BatchHandler, type ParsedBatch, type RejectedEvent } from '@lib/kafka';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DeviceRegistry } from './device-registry';
import type { RegistryEvent } from './registry-events';

type Rejected = Promise<RejectedEvent<RegistryEvent>[]>;

/**
 * The registry's five topics, a partition batch at a time (KafkaBatchServer): an enrolment storm is a few
 * statements per batch, not one transaction per device.
 */
@BatchHandler()
export class RegistryEventsHandler {
  constructor(private readonly registry: DeviceRegistry) {}

  @EventPattern(TOPICS.enrolmentRequested, { eventClass: EnrolmentRequestedEvent })
  enrolmentRequested(@Payload() batch: ParsedBatch<EnrolmentRequestedEvent>): Rejected {
    return this.registry.apply(batch.topic, batch.events);
  }

  @EventPattern(TOPICS.enrolmentDecided, { eventClass: EnrolmentDecidedEvent })
  enrolmentDecided(@Payload() batch: ParsedBatch<EnrolmentDecidedEvent>): Rejected {
    return this.registry.apply(batch.topic, batch.events);
  }

  @EventPattern(TOPICS.registrationRequested, { eventClass: RegistrationRequestedEvent })
  registrationRequested(@Payload() batch: ParsedBatch<RegistrationRequestedEvent>): Rejected {
    return this.registry.apply(batch.topic, batch.events);
  }

  @EventPattern(TOPICS.labelsChangeRequested, { eventClass: LabelsChangeRequestedEvent })
  labelsChangeRequested(@Payload() batch: ParsedBatch<LabelsChangeRequestedEvent>): Rejected {
    return this.registry.apply(batch.topic, batch.events);
  }

  @EventPattern(TOPICS.decommissionRequested, { eventClass: DecommissionRequestedEvent })
  decommissionRequested(@Payload() batch: ParsedBatch<DecommissionRequestedEvent>): Rejected {
    return this.registry.apply(batch.topic, batch.events);
  }
}
