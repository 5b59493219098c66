import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A registry command (an operator's decision, label change, decommissioning or import) the registry has applied,
 * by its eventId. The commands' outbox publishes at least once, and a republished command can arrive after a
 * device's own events (a re-enrolment): applied by state it would decide or decommission the new enrolment.
 * Written in the transaction that applies the command; kept for a week. Owner: registration-worker.
 */
@Entity({ name: 'applied_command' })
export class AppliedCommandEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid', primaryKeyConstraintName: 'PK_applied_command' })
  eventId!: string;

  @Index('IDX_applied_command_applied_at')
  @Column({ name: 'applied_at', type: 'timestamptz' })
  appliedAt!: Date;
}
