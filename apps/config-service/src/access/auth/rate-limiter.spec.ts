import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter';

describe(RateLimiter.name, () => {
  it('allows a burst, then refuses with the wait in seconds', () => {
    const limiter = new RateLimiter(2, 3);

    expect([0, 1, 2].map(() => limiter.take('a', 1000))).toEqual([0, 0, 0]);
    expect(limiter.take('a', 1000)).toBe(1);
  });

  it('refills at the configured rate', () => {
    const limiter = new RateLimiter(2, 1);
    limiter.take('a', 0);

    expect(limiter.take('a', 100)).toBeGreaterThan(0);
    expect(limiter.take('a', 600)).toBe(0);
  });

  it('keeps callers apart', () => {
    const limiter = new RateLimiter(1, 1);
    limiter.take('a', 0);

    expect(limiter.take('a', 0)).toBeGreaterThan(0);
    expect(limiter.take('b', 0)).toBe(0);
  });

  it('rounds the wait up to whole seconds for Retry-After', () => {
    const limiter = new RateLimiter(0.25, 1);
    limiter.take('a', 0);

    expect(limiter.take('a', 0)).toBe(4);
  });

  it("applies a caller's own limits over the defaults", () => {
    const limiter = new RateLimiter(100, 100);
    const own = { perSecond: 1, burst: 2 };

    expect([limiter.take('a', 0, own), limiter.take('a', 0, own)]).toEqual([0, 0]);
    expect(limiter.take('a', 0, own)).toBe(1);
  });

  it('stays bounded when many callers appear', () => {
    const limiter = new RateLimiter(1, 1, 10);
    for (let i = 0; i < 100; i++) {
      limiter.take(`ip:${i}`, 0);
    }

    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(10);
  });
});
