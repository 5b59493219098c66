import type { HardwareInfo } from './models';

export type HardwareScope = 'full' | 'delta';

/**
 * A heartbeat's hardware merged into the profile known so far (registration, then earlier heartbeats), key by key:
 * the report's keys replace the profile's, arrays whole. A full report carries every key, so it replaces them all.
 * A delta report carries only what changed, but the Edge API's Go model writes every array it does not carry as
 * `null`: in a delta a `null` means "not reported", not "now empty".
 */
export function mergeHardware(
  profile: HardwareInfo | null | undefined,
  report: HardwareInfo,
  scope: HardwareScope,
): HardwareInfo {
  const reported =
    scope === 'delta'
      ? Object.fromEntries(Object.entries(report).filter(([, value]) => value !== null))
      : report;
  return { ...(profile ?? {}), ...reported };
}
