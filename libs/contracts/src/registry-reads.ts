import type { DeviceState } from './events/device-lifecycle.event';
import type { DeviceConfigurationMessage, PlaybookExecution } from './flotta/responses';

/** Message patterns the config service answers over Nest's TCP transport for the gateway's reads. */
export const READS = {
  deviceState: 'registry.device-state',
  configuration: 'config.device-configuration',
  playbookExecutions: 'config.playbook-executions',
} as const;

export interface DeviceRef {
  /** Namespace of the request path. */
  namespace: string;
  deviceId: string;
}

/** What the gateway needs to know about a device to answer the Edge API; `state: 'unknown'` when absent. */
export interface DeviceStateReply {
  state: DeviceState | 'unknown';
  namespace?: string;
}

export type ConfigurationReply = { found: false } | { found: true; message: DeviceConfigurationMessage };

export type PlaybookExecutionsReply = { found: false } | { found: true; executions: PlaybookExecution[] };
