import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Management API tokens minted through the API (the bootstrap ones live in AUTH_TOKENS_FILE). Only the SHA-256
 * of a token is kept. Owner: config-service.
 */
@Entity({ name: 'api_token' })
@Index('UQ_api_token_sha256', ['sha256'], { unique: true })
export class ApiTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 63, primaryKeyConstraintName: 'PK_api_token' })
  name!: string;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'text', array: true })
  roles!: string[];

  /** `*` for all namespaces. */
  @Column({ type: 'text', array: true })
  namespaces!: string[];

  @Column({ name: 'created_by', type: 'varchar', length: 300 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;
}
