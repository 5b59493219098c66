import type { AppConfig } from '@lib/config';
import { DomainError } from '@lib/platform';
import { describe, expect, it } from 'vitest';
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
