import { TOPICS } from '@lib/contracts';
import { afterEach, beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import type { DeviceEvents } from '../edge-api/device-events';
import type { RegistryCache } from '../registry-cache/registry-cache';
import { EnrolmentService } from './enrolment.service';

describe(EnrolmentService.name, () => {
  let registry: { state: string; revision?: number };
  let events: Mocked<Pick<DeviceEvents, 'publish'>>;
  let sut: EnrolmentService;
  const params = { namespace: 'fleet', deviceId: 'dev-1' };
  const poll = () => sut.enrol(params, { features: {} }, 'corr');

  beforeEach(() => {
    vi.useFakeTimers();
    registry = { state: 'unknown' };
    events = { publish: vi.fn().mockResolvedValue(undefined) };
    const cache = {
      lookup: () => ({ state: registry.state, namespace: 'fleet' }),
      revisionOf: () => registry.revision,
    } as unknown as RegistryCache;
    sut = new EnrolmentService(cache, events as unknown as DeviceEvents);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('queues an unknown device once, however often it polls meanwhile', async () => {
    expect(await poll()).toBe(false);
    vi.advanceTimersByTime(10_000);
    expect(await poll()).toBe(false);
    vi.advanceTimersByTime(10_000);
    expect(await poll()).toBe(false);
    expect(events.publish).toHaveBeenCalledTimes(1);
    expect(events.publish).toHaveBeenCalledWith(
      TOPICS.enrolmentRequested,
      expect.objectContaining({ deviceId: 'dev-1', namespace: 'fleet' }),
      'corr',
    );
  });

  it('queues it again after a minute without an answer from the registry', async () => {
    await poll();
    vi.advanceTimersByTime(60_000);
    await poll();
    expect(events.publish).toHaveBeenCalledTimes(2);
  });

  it('queues a device again once its registry entry changed (decommissioned after a first life)', async () => {
    await poll();
    registry = { state: 'decommissioned', revision: 5 };
    await poll();
    await poll();
    expect(events.publish).toHaveBeenCalledTimes(2);
  });

  it('queues again when the device asks for another namespace', async () => {
    await poll();
    await sut.enrol({ ...params, namespace: 'other' }, { features: {} }, 'corr');
    expect(events.publish).toHaveBeenCalledTimes(2);
  });

  it('never queues an approved device, and answers it true', async () => {
    registry = { state: 'approved', revision: 2 };
    expect(await poll()).toBe(true);
    expect(events.publish).not.toHaveBeenCalled();
  });
});
