import type { HardwareInfo, Heartbeat } from '@lib/contracts';

/** A heartbeat that a recording policy wants kept. */
export interface Candidate {
  eventId: string;
  deviceId: string;
  namespace: string;
  receivedAt: Date;
  /** SHA-256 of the body: equal bodies are what the Edge API's retries look like. */
  digest: string;
  heartbeat: Heartbeat;
  policy: 'record' | 'status-only';
  correlationId?: string;
  /** The device's whole hardware profile after this heartbeat, when it carried hardware (set when recorded). */
  profile?: HardwareInfo;
}

/** What is already recorded for a device. */
export interface LastRecorded {
  lastSeenAt: Date;
  digest: string | null;
  periodSeconds: number;
  /** The eventId of the last recorded heartbeat: its redelivery is not recorded again. */
  lastEventId?: string | null;
}

export type SkipReason = 'stale' | 'retry';

/**
 * Decides which heartbeats of a batch are recorded, per device in receive order:
 * - one with the same body as the last recorded one, within the retry window, is an Edge API retry
 *   (the window never exceeds half the device's period, so a quiet device's identical heartbeats still count);
 * - one received at or before the last recorded one is `late`: a Kafka redelivery, or an out-of-order arrival (two
 *   gateways stamp `receivedAt`; one slowed by more than the client's patience stamps a heartbeat after the next
 *   one, which the device sent to the other gateway). A late one was acknowledged all the same, so it is kept: its
 *   events and its downstream record, never the device's status (an older heartbeat never overwrites a newer one).
 *   The caller drops the redeliveries among them (`lastEventId` here, the events already stored there).
 */
export function selectRecorded(
  candidates: Candidate[],
  last: ReadonlyMap<string, LastRecorded>,
  retryWindowMs: number,
): { recorded: Candidate[]; late: Candidate[]; skipped: Record<SkipReason, number> } {
  const byDevice = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = byDevice.get(c.deviceId) ?? [];
    list.push(c);
    byDevice.set(c.deviceId, list);
  }
  const recorded: Candidate[] = [];
  const late: Candidate[] = [];
  const skipped: Record<SkipReason, number> = { stale: 0, retry: 0 };
  for (const [deviceId, list] of byDevice) {
    const known = last.get(deviceId);
    let previous: { at: number; digest: string | null } | undefined = known
      ? { at: known.lastSeenAt.getTime(), digest: known.digest }
      : undefined;
    const window = Math.min(retryWindowMs, ((known?.periodSeconds ?? Infinity) * 1000) / 2);
    const ordered = [...list].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    for (const c of ordered) {
      const at = c.receivedAt.getTime();
      if (previous && at <= previous.at) {
        if (c.eventId === known?.lastEventId) {
          skipped.stale += 1;
        } else if (previous.digest === c.digest && previous.at - at < window) {
          skipped.retry += 1;
        } else {
          late.push(c);
        }
      } else if (previous && previous.digest === c.digest && at - previous.at < window) {
        skipped.retry += 1;
      } else {
        recorded.push(c);
        previous = { at, digest: c.digest };
      }
    }
  }
  return { recorded, late, skipped };
}
