import { type DeviceLifecycleEvent, HEADERS, newEnvelope, type Presence, TOPICS } from '@lib/contracts';
import { EventPublisher } from '@lib/kafka';
import { Injectable } from '@nestjs/common';

export interface PresenceTransition {
  deviceId: string;
  namespace: string;
  presence: Presence;
  lastSeenAt: Date;
  periodSeconds: number;
}

export interface SyncTransition {
  deviceId: string;
  namespace: string;
  inSync: boolean;
  reportedVersion: string | null;
  desiredVersion: string | null;
}

/** Publishes presence and sync changes on the lifecycle topic, keyed by device like the registry's changes. */
@Injectable()
export class PresenceEvents {
  constructor(private readonly publisher: EventPublisher) {}

  async publish(transitions: PresenceTransition[]): Promise<void> {
    await Promise.all(
      transitions.map((t) => {
        const event: DeviceLifecycleEvent = {
          ...newEnvelope(),
          type: t.presence,
          deviceId: t.deviceId,
          namespace: t.namespace,
          presence: {
            presence: t.presence,
            lastSeenAt: t.lastSeenAt.toISOString(),
            periodSeconds: t.periodSeconds,
          },
        };
        return this.publisher.publish(TOPICS.deviceLifecycle, {
          key: t.deviceId,
          value: JSON.stringify(event),
          headers: { [HEADERS.eventType]: t.presence },
        });
      }),
    );
  }

  async publishSync(changes: SyncTransition[]): Promise<void> {
    await Promise.all(
      changes.map((c) => {
        const event: DeviceLifecycleEvent = {
          ...newEnvelope(),
          type: 'sync-changed',
          deviceId: c.deviceId,
          namespace: c.namespace,
          sync: { inSync: c.inSync, reportedVersion: c.reportedVersion, desiredVersion: c.desiredVersion },
        };
        return this.publisher.publish(TOPICS.deviceLifecycle, {
          key: c.deviceId,
          value: JSON.stringify(event),
          headers: { [HEADERS.eventType]: 'sync-changed' },
        });
      }),
    );
  }
}
