import type { DeviceState } from './events/device-lifecycle.event';
import type { PlaybookExecution } from './flotta/responses';
import type { RecordingPolicy } from './recording-policy';

/**
 * The gateway's reads from the config service, over one plain TCP connection (CONFIG_SERVICE_TCP_PORT). A request
 * is one line of JSON (`ReadRequest`, newline-terminated); an answer is a header of READ_HEADER_BYTES (the
 * request's id, u32 big-endian; a `ReadStatus`, u8; the payload's length in bytes, u32 big-endian) and the payload
 * in UTF-8: the configuration's JSON text as rendered, or the JSON of the other replies. Answers come in the order
 * they are ready, matched by id. Both sides use Nest's transport API over it (a ClientProxy in the gateway, a
 * Server with `@MessagePattern(READS.x)` handlers in the config service), but it is lighter than Nest's TCP
 * transport: no JSON envelope around the document (which was escaped on one side and unescaped on the other), and
 * one write per event-loop turn.
 */
export const READS = {
  configuration: 'configuration',
  playbookExecutions: 'playbook-executions',
  recordingPolicies: 'recording-policies',
} as const;

/**
 * The first line of a connection when the read port requires its shared secret (CONFIG_SERVICE_READ_SECRET):
 * this prefix and the secret's bytes in base64, newline-terminated. No answer comes back: the reads may follow
 * in the same write, and a refused connection is closed before any of them is read.
 */
export const READ_HANDSHAKE_PREFIX = 'AUTH ';

export type ReadOperation = (typeof READS)[keyof typeof READS];

export interface ReadRequest {
  id: number;
  op: ReadOperation;
  namespace?: string;
  deviceId?: string;
}

/** What a read sends besides its `op` (the pattern of its `@MessagePattern` handler). */
export type ReadData = Pick<ReadRequest, 'namespace' | 'deviceId'>;

export const READ_STATUS = { ok: 0, notFound: 1, failed: 2 } as const;

export type ReadStatus = (typeof READ_STATUS)[keyof typeof READ_STATUS];

export const READ_HEADER_BYTES = 9;

/** One answer of the framing, as the config service's `@MessagePattern` handlers return it and the gateway reads it. */
export interface ReadAnswer {
  status: ReadStatus;
  /** The payload as UTF-8 text: the configuration's JSON as rendered, or another reply's JSON; '' for none. */
  payload: string;
}

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

/** Stored heartbeat recording policies by namespace; `*` is the default for all. */
export interface RecordingPoliciesReply {
  policies: Record<string, RecordingPolicy>;
}
