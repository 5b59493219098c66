import type { AppConfig } from '@lib/config';
import { TOPICS } from '@lib/contracts';
import { DomainError } from '@lib/platform';
import { beforeEach, describe, expect, it, type Mocked, vi } from 'vitest';
import { DeviceAccess } from '../edge-api/device-access';
import type { DeviceEvents } from '../edge-api/device-events';
import { RegistryCache } from '../registry-cache/registry-cache';
import { RegistrationService } from './registration.service';

describe(RegistrationService.name, () => {
  let cache: RegistryCache;
  let events: Mocked<Pick<DeviceEvents, 'publish'>>;
  let sut: RegistrationService;
  const params = { namespace: 'fleet', deviceId: 'dev-1' };
  // The registry's topic reaching this replica's copy.
  const receive = (state: string, revision: number) =>
    (cache as unknown as { apply(payload: unknown): void }).apply({
      partition: 0,
      message: {
        offset: String(revision),
        value: Buffer.from(JSON.stringify({ device: { ...params, state, revision } })),
      },
    });

  beforeEach(() => {
    const config = { registry: { initialNamespace: 'default' } } as AppConfig;
    cache = new RegistryCache(config);
    (cache as unknown as { caughtUp: boolean }).caughtUp = true;
    events = { publish: vi.fn().mockResolvedValue(undefined) };
    sut = new RegistrationService(new DeviceAccess(cache, config), events as unknown as DeviceEvents, cache);
  });

  it('registers a device whose approval reaches this replica while it waits', async () => {
    receive('pending', 1);
    const registering = sut.register(params, { hardware: null }, 'corr');
    receive('approved', 2);
    await registering;
    expect(events.publish).toHaveBeenCalledWith(
      TOPICS.registrationRequested,
      expect.objectContaining({ deviceId: 'dev-1', namespace: 'fleet' }),
      'corr',
    );
  });

  it('refuses a device still pending after the wait, and a rejected one at once', async () => {
    receive('pending', 1);
    await expect(sut.register(params, { hardware: null }, 'corr')).rejects.toMatchObject({
      code: 'DEVICE_NOT_APPROVED',
    });
    receive('rejected', 2);
    const refused = sut.register(params, { hardware: null }, 'corr');
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    expect(events.publish).not.toHaveBeenCalled();
  });
});
