import { describe, expect, it } from 'vitest';
import { mergeHardware } from './hardware-profile';

const profile = {
  hostname: 'a',
  cpu: { architecture: 'aarch64' },
  disks: [{ name: 'sda' }],
  interfaces: [{ name: 'eth0' }],
};

describe(mergeHardware.name, () => {
  it('keeps what a delta does not carry: its null arrays mean "not reported"', () => {
    const merged = mergeHardware(profile, { hostname: 'b', disks: null, interfaces: null }, 'delta');
    expect(merged).toEqual({ ...profile, hostname: 'b' });
  });

  it('replaces arrays whole', () => {
    const merged = mergeHardware(profile, { interfaces: [{ name: 'wlan0' }] }, 'delta');
    expect(merged.interfaces).toEqual([{ name: 'wlan0' }]);
    expect(merged.disks).toEqual(profile.disks);
  });

  it('lets a full report replace every key it carries, null included', () => {
    const merged = mergeHardware(profile, { hostname: 'c', disks: null, interfaces: [] }, 'full');
    expect(merged).toEqual({ hostname: 'c', cpu: profile.cpu, disks: null, interfaces: [] });
  });

  it('starts from nothing when no profile is known', () => {
    expect(mergeHardware(null, { hostname: 'd', gpus: null }, 'delta')).toEqual({ hostname: 'd' });
  });
});
