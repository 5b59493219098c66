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

/** What the registry consumes: the topic, and the class its events are validated against. */
export const REGISTRY_EVENT_CLASSES = {
  [TOPICS.enrolmentRequested]: EnrolmentRequestedEvent,
  [TOPICS.enrolmentDecided]: EnrolmentDecidedEvent,
  [TOPICS.registrationRequested]: RegistrationRequestedEvent,
  [TOPICS.labelsChangeRequested]: LabelsChangeRequestedEvent,
  [TOPICS.decommissionRequested]: DecommissionRequestedEvent,
  [TOPICS.hardwareLabelsReported]: HardwareLabelsReportedEvent,
  [TOPICS.deviceImportRequested]: DeviceImportRequestedEvent,
};

export type RegistryEvent =
  | EnrolmentRequestedEvent
  | EnrolmentDecidedEvent
  | RegistrationRequestedEvent
  | LabelsChangeRequestedEvent
  | DecommissionRequestedEvent
  | HardwareLabelsReportedEvent
  | DeviceImportRequestedEvent;
