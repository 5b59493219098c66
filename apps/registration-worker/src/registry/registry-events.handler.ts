import {
  DecommissionRequestedEvent,
  DeviceImportRequestedEvent,
  EnrolmentDecidedEvent,
  EnrolmentRequestedEvent,
  HardwareLabelsReportedEvent,
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
 * The registry's topics (enrolments, registrations, operators' and the heartbeat worker's commands, imports), a partition batch at a time (KafkaBatchServer): an enrolment storm is a few
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

  @EventPattern(TOPICS.hardwareLabelsReported, { eventClass: HardwareLabelsReportedEvent })
  hardwareLabelsReported(@Payload() batch: ParsedBatch<HardwareLabelsReportedEvent>): Rejected {
    return this.registry.apply(batch.topic, batch.events);
  }

  @EventPattern(TOPICS.deviceImportRequested, { eventClass: DeviceImportRequestedEvent })
  deviceImportRequested(@Payload() batch: ParsedBatch<DeviceImportRequestedEvent>): Rejected {
    return this.registry.apply(batch.topic, batch.events);
  }
}
