/**
 * What is kept of a namespace's heartbeats. record: status, workloads, playbooks, upgrade, hardware and events;
 * status-only: last seen and status; ignore: answered 200, nothing stored or published. Set in the config service
 * (management API), applied by the gateway (ignore) and the heartbeat worker (all three).
 */
export const RECORDING_POLICIES = ['record', 'status-only', 'ignore'] as const;
export type RecordingPolicy = (typeof RECORDING_POLICIES)[number];

/** The namespace key of the default recording policy, for namespaces without their own. */
export const DEFAULT_POLICY_NAMESPACE = '*';

/** The policy when neither the namespace nor the default has one stored. */
export const BUILT_IN_RECORDING_POLICY: RecordingPolicy = 'record';

/**
 * The policy in effect for a namespace: its own, else the default (`*`), else `record`. `stored` answers the
 * stored policy of a namespace key, if any.
 */
export function effectiveRecordingPolicy(
  stored: (namespace: string) => RecordingPolicy | undefined,
  namespace: string,
): RecordingPolicy {
  return stored(namespace) ?? stored(DEFAULT_POLICY_NAMESPACE) ?? BUILT_IN_RECORDING_POLICY;
}
