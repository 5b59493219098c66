import type { DeviceState } from './events/device-lifecycle.event';
import type { PlaybookExecution } from './flotta/responses';

/** Message patterns the config service answers over Nest's TCP transport for the gateway's reads. */
export const READS = {
  configuration: 'config.device-configuration',
  playbookExecutions: 'config.playbook-executions',
  recordingPolicies: 'heartbeats.recording-policies',
} as const;

export interface DeviceRef {
  /** Namespace of the request path. */
  namespace: string;
  deviceId: string;
}

/** What the gateway knows of a device (from `device.state.v1`); `state: 'unknown'` when absent. */
export interface DeviceStateReply {
  state: DeviceState | 'unknown';
  namespace?: string;
}

/**
 * A device's served configuration: `document` is the `device-configuration-message` as JSON text, ready to be
 * wrapped into the answer without being parsed and serialised again.
 */
export type ConfigurationReply = { found: false } | { found: true; document: string };

export type PlaybookExecutionsReply = { found: false } | { found: true; executions: PlaybookExecution[] };

/** The namespace key of the default recording policy, for namespaces without their own. */
export const DEFAULT_POLICY_NAMESPACE = '*';

export type RecordingPolicyName = 'record' | 'status-only' | 'ignore';

/** Stored heartbeat recording policies by namespace; `*` is the default for all. */
export interface RecordingPoliciesReply {
  policies: Record<string, RecordingPolicyName>;
}
