import {
  type DeviceLifecycleEvent,
  type DeviceSnapshot,
  HEADERS,
  type LifecycleType,
  newEnvelope,
  TOPICS,
} from '@lib/contracts';
import type { DeviceEntity, RegistrationOutboxEntity } from '@lib/database';
import { currentCorrelationId } from '@lib/observability';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toSnapshot(device: DeviceEntity): DeviceSnapshot {
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

/** The outbox row announcing a registry change on `device.lifecycle.v1`. */
export function lifecycleOutboxRow(
  type: LifecycleType,
  device: DeviceEntity,
): Partial<RegistrationOutboxEntity> {
  const event: DeviceLifecycleEvent = { ...newEnvelope(), type, device: toSnapshot(device) };
  const correlationId = currentCorrelationId();
  return {
    eventId: event.eventId,
    topic: TOPICS.deviceLifecycle,
    messageKey: device.deviceId,
    payload: event as unknown as Record<string, unknown>,
    headers: {
      [HEADERS.eventType]: type,
      ...(correlationId ? { [HEADERS.correlationId]: correlationId } : {}),
    },
  };
}
