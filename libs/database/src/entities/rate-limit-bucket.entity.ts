import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The management API's token buckets, shared by every config service replica so that a limit holds in total
 * (a caller's actor, or `ip:<address>` for failed authentications). UNLOGGED (in the migration): a crash of
 * PostgreSQL empties it, which gives every caller a fresh burst and loses nothing else. Owner: config-service.
 */
@Entity({ name: 'rate_limit_bucket' })
@Index('IDX_rate_limit_bucket_full_at', ['fullAt'])
export class RateLimitBucketEntity {
  @PrimaryColumn({ type: 'varchar', length: 400, primaryKeyConstraintName: 'PK_rate_limit_bucket' })
  key!: string;

  /** Tokens left at `refilledAt` (fractional: the bucket refills continuously). */
  @Column({ type: 'double precision' })
  tokens!: number;

  @Column({ name: 'refilled_at', type: 'timestamptz' })
  refilledAt!: Date;

  /** When the bucket will be full again: from then on the row equals no row, and may be deleted. */
  @Column({ name: 'full_at', type: 'timestamptz' })
  fullAt!: Date;

  /** Whether the last request taken from it was allowed. */
  @Column({ type: 'boolean' })
  allowed!: boolean;
}
