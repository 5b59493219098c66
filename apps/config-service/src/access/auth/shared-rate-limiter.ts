import { AppConfig } from '@lib/config';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type RateLimit, RateLimiter } from './rate-limiter';

/**
 * One request taken from a bucket in one statement: refilled for the time since its last request, capped at the
 * burst, then one token taken if there is one. The row lock of the upsert serialises a caller's requests across
 * replicas, so the count is exact. `full_at` says when the row will equal no row (the pruning deletes it then).
 */
const TAKE = `
  INSERT INTO rate_limit_bucket AS b (key, tokens, refilled_at, full_at, allowed)
  VALUES ($1, $2::float8 - 1, now(), now() + make_interval(secs => 1 / $3::float8), true)
  ON CONFLICT (key) DO UPDATE SET (tokens, refilled_at, full_at, allowed) = (
    SELECT t.remaining, now(), now() + make_interval(secs => ($2::float8 - t.remaining) / $3::float8), t.ok
    FROM (
      SELECT r.level >= 1 AS ok, CASE WHEN r.level >= 1 THEN r.level - 1 ELSE r.level END AS remaining
      FROM (
        SELECT LEAST($2::float8, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - b.refilled_at)::float8) * $3::float8) AS level
      ) r
    ) t
  )
  RETURNING tokens, allowed`;

/** A bucket whose limiter does not answer within this is counted locally (the request must not hang on it). */
const DB_TIMEOUT_MS = 500;
/** After a failure, the database is left alone this long: an outage costs each request nothing. */
const DB_RETRY_MS = 1000;
const PRUNE_EVERY_MS = 60_000;
const MAX_BLOCKED = 100_000;

/**
 * The management API's rate limits, shared by every replica through PostgreSQL (`rate_limit_bucket`): a limit
 * holds in total, whatever the number of replicas. A refused caller is refused locally until its bucket holds a
 * token again (exact: only time refills a bucket), so a flood costs the database nothing. While the database does
 * not answer, the replica counts alone (its in-memory buckets): limits then hold per replica (fail open to the
 * old behaviour, never a 500, never a hang): docs/security.md#rate-limits.
 */
@Injectable()
export class SharedRateLimiter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SharedRateLimiter.name);
  private readonly local: RateLimiter;
  private readonly defaults: RateLimit;
  /** Keys refused by the shared bucket, with the instant (ms) it holds a token again. */
  private readonly blocked = new Map<string, number>();
  private databaseDownUntil = 0;
  private pruning?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.defaults = config.auth.rateLimit;
    this.local = new RateLimiter(this.defaults.perSecond, this.defaults.burst);
  }

  onModuleInit(): void {
    this.pruning = setInterval(() => void this.prune(), PRUNE_EVERY_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruning);
  }

  /** Takes one request from the caller's bucket: 0 when allowed, else the seconds until it would be. */
  async take(key: string, limits: RateLimit = this.defaults): Promise<number> {
    const now = Date.now();
    const until = this.blocked.get(key);
    if (until !== undefined) {
      if (now < until) {
        return Math.ceil((until - now) / 1000);
      }
      this.blocked.delete(key);
    }
    if (now < this.databaseDownUntil) {
      return this.local.take(key, now, limits);
    }
    let row: { tokens: number; allowed: boolean } | undefined;
    try {
      row = await this.takeShared(key, limits);
    } catch (error) {
      if (this.databaseDownUntil === 0 || now - this.databaseDownUntil > DB_RETRY_MS) {
        this.logger.warn({
          err: error,
          msg: 'Shared rate limits unavailable: counting in this replica alone',
        });
      }
      this.databaseDownUntil = Date.now() + DB_RETRY_MS;
      return this.local.take(key, now, limits);
    }
    if (row.allowed) {
      return 0;
    }
    const waitMs = ((1 - row.tokens) / limits.perSecond) * 1000;
    this.remember(key, Date.now() + waitMs);
    return Math.max(1, Math.ceil(waitMs / 1000));
  }

  private async takeShared(key: string, limits: RateLimit): Promise<{ tokens: number; allowed: boolean }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${DB_TIMEOUT_MS} ms`)), DB_TIMEOUT_MS);
    });
    try {
      const rows = await Promise.race([
        this.dataSource.query<{ tokens: number; allowed: boolean }[]>(TAKE, [
          key,
          limits.burst,
          limits.perSecond,
        ]),
        timeout,
      ]);
      return rows[0];
    } finally {
      clearTimeout(timer);
    }
  }

  private remember(key: string, until: number): void {
    if (this.blocked.size >= MAX_BLOCKED) {
      const now = Date.now();
      for (const [k, u] of this.blocked) {
        if (u <= now) {
          this.blocked.delete(k);
        }
      }
      if (this.blocked.size >= MAX_BLOCKED) {
        // Forgetting a refusal only costs a database round trip for that caller's next request.
        this.blocked.delete(this.blocked.keys().next().value!);
      }
    }
    this.blocked.set(key, until);
  }

  /** Full buckets equal no bucket: deleting them keeps an address spray from growing the table. */
  private async prune(): Promise<void> {
    try {
      await this.dataSource.query('DELETE FROM rate_limit_bucket WHERE full_at < now()');
    } catch {
      // The next round prunes; the limiter itself reports the database's absence.
    }
  }
}
