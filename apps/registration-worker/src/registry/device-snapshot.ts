import {
  type DeviceLifecycleEvent,
  type DeviceSnapshot,
  HEADERS,
  type LifecycleType,
  newEnvelope,
  TOPICS,
} from '@lib/contracts';
import type { RegistrationOutboxEntity } from '@lib/database';
import type { DeviceRecord } from './transitions';

export type OutboxRow = Pick<
  RegistrationOutboxEntity,
  'eventId' | 'topic' | 'messageKey' | 'payload' | 'headers'
>;

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toSnapshot(device: DeviceRecord): DeviceSnapshot {
  return {
    deviceId: device.deviceId,
    namespace: device.namespace,
    requestedNamespace: device.requestedNamespace,
    state: device.state,
    revision: device.revision,
    labels: device.labels,
    hardware: device.hardware,
    enrolledAt: device.enrolledAt.toISOString(),
    decidedAt: iso(device.decidedAt),
    decidedBy: device.decidedBy,
    decisionReason: device.decisionReason,
    registeredAt: iso(device.registeredAt),
    decommissionedAt: iso(device.decommissionedAt),
  };
}

/** The outbox row announcing a registry change on `device.lifecycle.v1`, with the cause's correlation id. */
export function lifecycleOutboxRow(
  type: LifecycleType,
  device: DeviceRecord,
  correlationId: string,
): OutboxRow {
  const event: DeviceLifecycleEvent = {
    ...newEnvelope(),
    type,
    deviceId: device.deviceId,
    namespace: device.namespace,
    device: toSnapshot(device),
  };
  return {
    eventId: event.eventId,
    topic: TOPICS.deviceLifecycle,
    messageKey: device.deviceId,
    payload: event as unknown as Record<string, unknown>,
    headers: { [HEADERS.eventType]: type, [HEADERS.correlationId]: correlationId },
  };
}

/**
 * The outbox row replacing the device's entry on the compacted `device.state.v1` topic: the latest registry
 * snapshot per device, so a new consumer (the gateway) bootstraps without replaying history.
 */
export function stateOutboxRow(device: DeviceRecord): OutboxRow {
  const { eventId, occurredAt, schemaVersion } = newEnvelope();
  return {
    eventId,
    topic: TOPICS.deviceState,
    messageKey: device.deviceId,
    payload: { eventId, occurredAt, schemaVersion, device: toSnapshot(device) },
    headers: {},
  };
}
