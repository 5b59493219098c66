import { Column, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_OUTCOMES = ['succeeded', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * Who did what on the management side, and every enrolment decision (operators' and auto-approval rules').
 * Owner: config-service. Append-only: a trigger (migration CreateAuditAndTokens) refuses DELETE and any UPDATE
 * but the one that marks an entry published on the audit topic.
 */
@Entity({ name: 'audit_entry' })
@Index('IDX_audit_entry_namespace_id', ['namespace', 'id'])
@Index('IDX_audit_entry_actor_id', ['actor', 'id'])
@Index('IDX_audit_entry_unpublished', ['id'], { where: 'published_at IS NULL' })
@Index('UQ_audit_entry_source_event', ['sourceEventId'], {
  unique: true,
  where: 'source_event_id IS NOT NULL',
})
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'PK_audit_entry' })
  id!: string;

  /** Consumers of the audit topic dedupe by it. */
  @Column({ name: 'event_id', type: 'uuid' })
  @Generated('uuid')
  eventId!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;

  /** `token:<name>`, `oidc:<subject>`, `rule:<name>`. */
  @Column({ type: 'varchar', length: 300 })
  actor!: string;

  /** E.g. `PUT workloads`, `enrolment.approved`. */
  @Column({ type: 'varchar', length: 100 })
  action!: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  method!: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  path!: string | null;

  /** Null for cluster-wide resources (auto-approval rules without a target, the default policy, tokens). */
  @Column({ type: 'varchar', length: 63, nullable: true })
  namespace!: string | null;

  /** `<kind>/<name>`, e.g. `workloads/web`, `devices/dev-1`. */
  @Column({ type: 'varchar', length: 600, nullable: true })
  resource!: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome!: AuditOutcome;

  @Column({ name: 'status_code', type: 'smallint', nullable: true })
  statusCode!: number | null;

  /** Keyed HMAC-SHA-256 of the request (method, path, body): tells changes apart without keeping secrets. */
  @Column({ type: 'char', length: 64, nullable: true })
  digest!: string | null;

  @Column({ name: 'correlation_id', type: 'varchar', length: 128, nullable: true })
  correlationId!: string | null;

  /** The Kafka event an entry came from (enrolment decisions): a redelivery records nothing new. */
  @Column({ name: 'source_event_id', type: 'uuid', nullable: true })
  sourceEventId!: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
