import { randomUUID } from 'node:crypto';

/** Envelope fields for a new event. */
export function newEnvelope(now: Date = new Date()): {
  eventId: string;
  occurredAt: string;
  schemaVersion: number;
} {
  return { eventId: randomUUID(), occurredAt: now.toISOString(), schemaVersion: 1 };
}
