import type {
  DecommissionRequestedEvent,
  DeviceImportRequestedEvent,
  EnrolmentDecidedEvent,
  EnrolmentRequestedEvent,
  HardwareLabelsReportedEvent,
  LabelsChangeRequestedEvent,
  RegistrationRequestedEvent,
} from '@lib/contracts';

/** What the registry consumes (RegistryEventsHandler names each topic's class). */
export type RegistryEvent =
  | EnrolmentRequestedEvent
  | EnrolmentDecidedEvent
  | RegistrationRequestedEvent
  | LabelsChangeRequestedEvent
  | DecommissionRequestedEvent
  | HardwareLabelsReportedEvent
  | DeviceImportRequestedEvent;
