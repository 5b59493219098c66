import type { RecordingPolicy } from '@lib/contracts';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * What the heartbeat worker keeps per namespace; namespace `*` is the default for all. Owner: config-service.
 * Reader: heartbeat-worker.
 */
@Entity({ name: 'recording_policy' })
export class RecordingPolicyEntity {
  @PrimaryColumn({ type: 'varchar', length: 63, primaryKeyConstraintName: 'PK_recording_policy' })
  namespace!: string;

  @Column({ type: 'varchar', length: 16 })
  policy!: RecordingPolicy;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
