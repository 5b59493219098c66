import type { AppConfig } from '@lib/config';
import { DomainError } from '@lib/platform';
import { describe, expect, it, vi } from 'vitest';
import { RegistryCache } from './registry-cache';

describe(RegistryCache.name, () => {
  it('refuses with REGISTRY_NOT_READY, not an unknown device, before it caught up with the topic', () => {
    const cache = new RegistryCache({} as AppConfig);
    expect(cache.ready).toBe(false);
    expect(() => cache.lookup('dev-1')).toThrow(DomainError);
    try {
      cache.lookup('dev-1');
    } catch (error) {
      expect((error as DomainError).code).toBe('REGISTRY_NOT_READY');
    }
  });
});

describe(`${RegistryCache.name}.changed`, () => {
  const snapshot = (deviceId: string, state: string, revision: number) => ({
    partition: 0,
    message: {
      offset: '0',
      value: Buffer.from(JSON.stringify({ device: { deviceId, state, namespace: 'fleet', revision } })),
    },
  });
  // The consumer's callback, as the topic's messages reach it.
  const receive = (cache: RegistryCache, message: ReturnType<typeof snapshot>) =>
    (cache as unknown as { apply(payload: unknown): void }).apply(message);

  it('resolves when the device it waits for changes, not on another device', async () => {
    const cache = new RegistryCache({} as AppConfig);
    let resolved = false;
    const waiting = cache.changed('dev-1', 60_000).then(() => (resolved = true));
    receive(cache, snapshot('dev-2', 'approved', 2));
    await Promise.resolve();
    expect(resolved).toBe(false);
    receive(cache, snapshot('dev-1', 'approved', 2));
    await waiting;
    expect(resolved).toBe(true);
  });

  it('resolves after its wait when nothing changes', async () => {
    const cache = new RegistryCache({} as AppConfig);
    await expect(cache.changed('dev-1', 10)).resolves.toBeUndefined();
  });
});

describe(`${RegistryCache.name}.restartIfStalled`, () => {
  const cacheWith = (lastFetchAt: number) => {
    const cache = new RegistryCache({} as AppConfig);
    const consumer = { disconnect: vi.fn().mockResolvedValue(undefined) };
    const internals = cache as unknown as { consumer: unknown; lastFetchAt: number; start(): Promise<void> };
    internals.consumer = consumer;
    internals.lastFetchAt = lastFetchAt;
    const start = vi.spyOn(internals, 'start').mockResolvedValue(undefined);
    return { cache, consumer, start };
  };

  it('replaces a consumer that has not fetched for 30 s', async () => {
    const { cache, consumer, start } = cacheWith(0);
    expect(await cache.restartIfStalled(31_000)).toBe(true);
    expect(consumer.disconnect).toHaveBeenCalled();
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('leaves a consumer that fetches alone', async () => {
    const { cache, consumer, start } = cacheWith(0);
    expect(await cache.restartIfStalled(29_000)).toBe(false);
    expect(consumer.disconnect).not.toHaveBeenCalled();
    expect(start).not.toHaveBeenCalled();
  });
});
