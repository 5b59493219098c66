import { describe, expect, it } from 'vitest';
import { type KnownProfile, mergeProfiles } from './hardware-profiles';
import type { Candidate } from './select-recorded';

const candidate = (deviceId: string, hardware: Record<string, unknown> | null, at: number): Candidate => ({
  eventId: crypto.randomUUID(),
  deviceId,
  namespace: 'ns',
  receivedAt: new Date(at),
  digest: String(at),
  heartbeat: { status: 'up', hardware },
  policy: 'record',
});

const known = (profile: Partial<KnownProfile>): KnownProfile => ({
  hardware: null,
  labels: {},
  scope: 'full',
  ...profile,
});

describe(mergeProfiles.name, () => {
  it('merges a batch of deltas in order onto the registration profile, and reports the labels once', () => {
    const batch = [
      candidate('d1', { hostname: 'b', disks: null }, 1),
      candidate('d1', null, 2),
      candidate('d1', { hostname: 'c', disks: null }, 3),
    ];
    const reports = mergeProfiles(
      batch,
      new Map([
        [
          'd1',
          known({
            hardware: { hostname: 'a', disks: [{ name: 'sda' }] },
            labels: { 'device.hostname': 'a', site: 'x' },
            scope: 'delta',
          }),
        ],
      ]),
    );
    expect(batch[2].profile).toEqual({ hostname: 'c', disks: [{ name: 'sda' }] });
    expect(batch[1].profile).toBeUndefined();
    expect(reports).toEqual([{ deviceId: 'd1', namespace: 'ns', labels: { 'device.hostname': 'c' } }]);
  });

  it('reports nothing when the derived labels are the registry labels already', () => {
    const batch = [candidate('d1', { hostname: 'A', cpu: { architecture: 'x86_64' } }, 1)];
    const labels = { 'device.hostname': 'a', 'device.cpu-architecture': 'x86_64' };
    expect(mergeProfiles(batch, new Map([['d1', known({ labels })]]))).toEqual([]);
  });

  it('reports nothing for a device not in the read model yet', () => {
    const batch = [candidate('d1', { hostname: 'a' }, 1)];
    expect(mergeProfiles(batch, new Map([['d1', known({ labels: null })]]))).toEqual([]);
    expect(batch[0].profile).toEqual({ hostname: 'a' });
  });
});
