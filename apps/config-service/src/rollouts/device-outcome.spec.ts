import { describe, expect, it } from 'vitest';
import { type DeviceReport, judgeDevice } from './device-outcome';

const startedAt = new Date('2026-01-01T00:00:00Z');
const expected = { targetVersion: '7', workloads: ['cam'], startedAt, timeoutSeconds: 60 };
const report = (overrides: Partial<DeviceReport> = {}): DeviceReport => ({
  configVersion: '7',
  workloads: [{ name: 'cam', status: 'Running' }],
  presence: 'online',
  registryState: 'registered',
  ...overrides,
});
const soon = new Date(startedAt.getTime() + 10_000);
const late = new Date(startedAt.getTime() + 61_000);

describe('judgeDevice', () => {
  it('succeeds when the new version, or a later one, reports every workload running', () => {
    expect(judgeDevice(expected, report(), soon)).toEqual({ state: 'succeeded' });
    expect(judgeDevice(expected, report({ configVersion: '8' }), soon)).toEqual({ state: 'succeeded' });
  });

  it('fails at once when a workload of the new version fails', () => {
    expect(judgeDevice(expected, report({ workloads: [{ name: 'cam', status: 'Exited' }] }), soon)).toEqual({
      state: 'failed',
      reason: 'workload cam is exited',
    });
  });

  it('waits while the old version or a starting workload is reported, then fails after the timeout', () => {
    expect(judgeDevice(expected, report({ configVersion: '6' }), soon)).toEqual({ state: 'updated' });
    expect(judgeDevice(expected, report({ workloads: [{ name: 'cam', status: 'Created' }] }), soon)).toEqual({
      state: 'updated',
    });
    expect(judgeDevice(expected, report({ configVersion: '6' }), late)).toEqual({
      state: 'failed',
      reason: 'timed out: reports version 6, not 7',
    });
  });

  it('counts an offline or decommissioned device as failed after the timeout', () => {
    expect(judgeDevice(expected, report({ configVersion: '6', presence: 'offline' }), late)).toMatchObject({
      reason: 'timed out: device is offline',
    });
    expect(
      judgeDevice(expected, report({ configVersion: null, registryState: 'decommissioned' }), late),
    ).toMatchObject({ reason: 'timed out: device is decommissioned' });
  });
});
