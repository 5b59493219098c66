import {
  hardwareLabels,
  HEADERS,
  mergeHardware,
  newEnvelope,
  TOPICS,
  type HardwareInfo,
  type HardwareLabelsReportedEvent,
  type HardwareScope,
} from '@lib/contracts';
import type { EventPublisher } from '@lib/kafka';
import type { EntityManager } from 'typeorm';
import type { Candidate } from './select-recorded';

/** What a device's hardware is known to be, and the labels the registry gave it. */
export interface KnownProfile {
  hardware: HardwareInfo | null;
  /** Null while the device is not in the read model. */
  labels: Record<string, string> | null;
  scope: HardwareScope;
}

/** Labels a device's hardware now derives that its registry labels do not have. */
export interface LabelsReport {
  deviceId: string;
  namespace: string;
  labels: Record<string, string>;
}

// The merge base is the profile of earlier heartbeats, else the registration's (the read model's copy of the
// registry); the scope is the one rendered for the device (`full` until it has one, as the device agent does),
// from the worker's own copy of the served configuration (device.configuration-changed.v1).
const LOAD_PROFILES = `
  SELECT d.device_id, COALESCE(s.hardware, v.hardware) AS hardware, v.labels,
    CASE WHEN c.served THEN c.hardware_profile_scope END AS scope
  FROM unnest($1::text[]) AS d(device_id)
  LEFT JOIN device_view v ON v.device_id = d.device_id
  LEFT JOIN device_status s ON s.device_id = d.device_id
  LEFT JOIN desired_configuration c ON c.device_id = d.device_id`;

/** Read only for devices whose recorded heartbeats carry hardware: most heartbeats cost no read. */
export async function loadProfiles(
  manager: EntityManager,
  recorded: Candidate[],
): Promise<Map<string, KnownProfile>> {
  const ids = [...new Set(recorded.filter((c) => c.heartbeat.hardware).map((c) => c.deviceId))];
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await manager.query<
    {
      device_id: string;
      hardware: HardwareInfo | null;
      labels: Record<string, string>;
      scope: string | null;
    }[]
  >(LOAD_PROFILES, [ids]);
  return new Map(
    rows.map((r) => [
      r.device_id,
      { hardware: r.hardware, labels: r.labels, scope: r.scope === 'delta' ? 'delta' : 'full' },
    ]),
  );
}

/**
 * Sets each recorded heartbeat's `profile` (the device's whole hardware after it, deltas merged, in receive
 * order) and returns, per device, the derived labels when they differ from the registry's: only those cost the
 * registry a write.
 */
export function mergeProfiles(
  recorded: Candidate[],
  known: ReadonlyMap<string, KnownProfile>,
): LabelsReport[] {
  const latest = new Map<string, { namespace: string; profile: HardwareInfo }>();
  for (const c of recorded) {
    const report = c.heartbeat.hardware;
    if (!report) {
      continue;
    }
    const device = known.get(c.deviceId);
    const base = latest.get(c.deviceId)?.profile ?? device?.hardware ?? null;
    c.profile = mergeHardware(base, report, device?.scope ?? 'full');
    latest.set(c.deviceId, { namespace: c.namespace, profile: c.profile });
  }
  const reports: LabelsReport[] = [];
  for (const [deviceId, { namespace, profile }] of latest) {
    const registry = known.get(deviceId)?.labels;
    if (!registry) {
      // Not in the read model yet: the registry derived the labels at registration moments ago.
      continue;
    }
    const labels = hardwareLabels(profile);
    if (Object.entries(labels).some(([key, value]) => registry[key] !== value)) {
      reports.push({ deviceId, namespace, labels });
    }
  }
  return reports;
}

/** To the registry, which owns labels: it merges them and announces the change on `device.lifecycle.v1`. */
export async function publishLabelsReports(
  publisher: EventPublisher,
  reports: LabelsReport[],
): Promise<void> {
  await Promise.all(
    reports.map((r) => {
      const event: HardwareLabelsReportedEvent = { ...newEnvelope(), ...r };
      return publisher.publish(TOPICS.hardwareLabelsReported, {
        key: r.deviceId,
        value: JSON.stringify(event),
        headers: { [HEADERS.eventType]: TOPICS.hardwareLabelsReported },
      });
    }),
  );
}
