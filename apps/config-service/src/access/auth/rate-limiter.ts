export interface RateLimit {
  perSecond: number;
  burst: number;
}

/**
 * Token buckets per caller, in this replica's memory: SharedRateLimiter's fallback while the database does not
 * answer (N replicas then allow N times the rate, docs/security.md#rate-limits). Idle buckets are dropped so an address spray cannot grow the map without
 * bound.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly maxBuckets = 100_000,
  ) {}

  /**
   * Takes one request from the caller's bucket: 0 when allowed, else the seconds until it would be. A caller may
   * have limits of its own (a token file entry's `rateLimit`).
   */
  take(key: string, now = Date.now(), limits?: RateLimit): number {
    const perSecond = limits?.perSecond ?? this.perSecond;
    const burst = limits?.burst ?? this.burst;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    if (!this.buckets.has(key)) {
      this.evictIfFull(now);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / perSecond);
  }

  private evictIfFull(now: number): void {
    if (this.buckets.size < this.maxBuckets) {
      return;
    }
    const refillMs = (this.burst / this.perSecond) * 1000;
    for (const [key, b] of this.buckets) {
      if (now - b.at >= refillMs) {
        this.buckets.delete(key);
      }
    }
    if (this.buckets.size >= this.maxBuckets) {
      // Everyone is active: forget the oldest, which at worst gives it a fresh burst.
      this.buckets.delete(this.buckets.keys().next().value!);
    }
  }
}
