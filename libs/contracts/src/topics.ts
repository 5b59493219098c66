/** Every Kafka topic of the system. Breaking changes get a new version; DLQs are `<topic>.dlq`. */
export const TOPICS = {
  /** Gateway → registration worker: a device asked to join (POST enrolment). */
  enrolmentRequested: 'device.enrolment-requested.v1',
  /** Gateway → registration worker: an approved device registered (PUT registration). */
  registrationRequested: 'device.registration-requested.v1',
  /** Gateway → heartbeat worker: a heartbeat as the Edge API sent it. */
  heartbeatReceived: 'device.heartbeat-received.v1',
  /** Management API → registration worker: an operator approved or rejected an enrolment. */
  enrolmentDecided: 'device.enrolment-decided.v1',
  /** Management API → registration worker: an operator changed a device's labels. */
  labelsChangeRequested: 'device.labels-change-requested.v1',
  /** Management API → registration worker: an operator decommissioned a device. */
  decommissionRequested: 'device.decommission-requested.v1',
  /** Heartbeat worker → registration worker: a heartbeat's hardware derives other `device.*` labels. */
  hardwareLabelsReported: 'device.hardware-labels-reported.v1',
  /** Management API (apply) → registration worker: a device imported from the CRD backend. */
  deviceImportRequested: 'device.import-requested.v1',
  /** Registration worker → everyone: the registry's state changes, with a snapshot of the device. Public. */
  deviceLifecycle: 'device.lifecycle.v1',
  /** Heartbeat worker → downstream teams: one record per recorded heartbeat, key `<namespace>/<deviceId>`. Public. */
  deviceHeartbeat: 'device.heartbeat.v1',
  /** Registration worker → gateway, anyone: the registry's latest snapshot per device; compacted. Public. */
  deviceState: 'device.state.v1',
  /** Config service → security teams: every management write and enrolment decision, key namespace or `*`. Public. */
  managementAudit: 'management.audit.v1',
  /** Config service → heartbeat worker: a device's served configuration changed (version, heartbeat period). */
  deviceConfigurationChanged: 'device.configuration-changed.v1',
  /** Config service → operators' tooling: a staged rollout changed state, key the namespace. Public. */
  rolloutStateChanged: 'rollout.state-changed.v1',
} as const;

/** Topics kept by key (log compaction) instead of by time. */
export const COMPACTED_TOPICS: readonly Topic[] = [TOPICS.deviceState];

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const dlqTopic = (topic: string): string => `${topic}.dlq`;

/** Topics that are consumed and therefore have a dead-letter topic. */
export const CONSUMED_TOPICS: readonly Topic[] = [
  TOPICS.enrolmentRequested,
  TOPICS.registrationRequested,
  TOPICS.heartbeatReceived,
  TOPICS.enrolmentDecided,
  TOPICS.labelsChangeRequested,
  TOPICS.decommissionRequested,
  TOPICS.hardwareLabelsReported,
  TOPICS.deviceImportRequested,
  TOPICS.deviceLifecycle,
  TOPICS.deviceConfigurationChanged,
];

/** Kafka header names shared by producers and consumers. */
export const HEADERS = {
  correlationId: 'x-correlation-id',
  eventType: 'event-type',
} as const;
