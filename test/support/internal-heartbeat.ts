import { TOPICS } from '@lib/contracts';
import { randomUUID } from 'node:crypto';
import type { KafkaProbe } from './kafka-probe';

/** Puts a heartbeat on the internal topic as the gateway would, for tests of the worker alone. */
export async function produceHeartbeat(
  probe: KafkaProbe,
  device: { deviceId: string; namespace: string },
  receivedAt: Date,
  heartbeat: Record<string, unknown>,
  eventId: string = randomUUID(),
): Promise<string> {
  await probe.produce(
    TOPICS.heartbeatReceived,
    device.deviceId,
    JSON.stringify({
      eventId,
      occurredAt: receivedAt.toISOString(),
      schemaVersion: 1,
      deviceId: device.deviceId,
      namespace: device.namespace,
      receivedAt: receivedAt.toISOString(),
      heartbeat,
    }),
  );
  return eventId;
}

/** The internal topic's message for a heartbeat, for producing many at once. */
export function heartbeatMessage(
  device: { deviceId: string; namespace: string },
  receivedAt: Date,
  heartbeat: Record<string, unknown>,
  eventId: string = randomUUID(),
): { key: string; value: string } {
  return {
    key: device.deviceId,
    value: JSON.stringify({
      eventId,
      occurredAt: receivedAt.toISOString(),
      schemaVersion: 1,
      deviceId: device.deviceId,
      namespace: device.namespace,
      receivedAt: receivedAt.toISOString(),
      heartbeat,
    }),
  };
}
