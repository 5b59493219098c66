import type { AppConfig } from '@lib/config';
import type { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { SharedRateLimiter } from './shared-rate-limiter';

const CONFIG = { auth: { rateLimit: { perSecond: 1, burst: 2 } } } as AppConfig;

function limiterWith(query: () => Promise<unknown>): { limiter: SharedRateLimiter; calls: () => number } {
  let calls = 0;
  const dataSource = {
    query: () => {
      calls++;
      return query();
    },
  } as unknown as DataSource;
  return { limiter: new SharedRateLimiter(dataSource, CONFIG), calls: () => calls };
}

describe(SharedRateLimiter.name, () => {
  it("follows the shared bucket's answer, and refuses locally until the bucket holds a token again", async () => {
    const { limiter, calls } = limiterWith(() => Promise.resolve([{ tokens: 0, allowed: false }]));

    // 1 token missing at 1 per second: retry in 1 s.
    expect(await limiter.take('token:a')).toBe(1);
    expect(await limiter.take('token:a')).toBe(1);
    expect(calls()).toBe(1);
  });

  it('allows what the shared bucket allows, asking it every time', async () => {
    const { limiter, calls } = limiterWith(() => Promise.resolve([{ tokens: 3, allowed: true }]));

    expect([await limiter.take('token:a'), await limiter.take('token:a')]).toEqual([0, 0]);
    expect(calls()).toBe(2);
  });

  it('counts in this replica alone while the database fails, and leaves it alone for a moment', async () => {
    const { limiter, calls } = limiterWith(() => Promise.reject(new Error('connection refused')));

    const waits = [];
    for (let i = 0; i < 3; i++) {
      waits.push(await limiter.take('ip:10.0.0.1'));
    }

    expect(waits).toEqual([0, 0, 1]);
    expect(calls()).toBe(1);
  });

  it('does not hang on a database that does not answer', async () => {
    const { limiter } = limiterWith(() => new Promise(() => undefined));

    // Counted locally after the limiter's own timeout, well within the test's.
    expect(await limiter.take('token:a')).toBe(0);
  });
});
