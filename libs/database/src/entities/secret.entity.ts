import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Secrets, values encrypted at rest (AES-256-GCM, SECRETS_ENCRYPTION_KEY). Owner: config-service. */
@Entity({ name: 'secret' })
@Index('UQ_secret_namespace_name', ['namespace', 'name'], { unique: true })
export class SecretEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_secret' })
  id!: string;

  @Column({ type: 'varchar', length: 63 })
  namespace!: string;

  @Column({ type: 'varchar', length: 253 })
  name!: string;

  /** Kubernetes secret type: `Opaque` or `kubernetes.io/dockerconfigjson`. */
  @Column({ type: 'varchar', length: 63 })
  type!: string;

  /** The keys, in clear, so that references can be validated without decrypting. */
  @Column({ type: 'jsonb', default: [] })
  keys!: string[];

  /** `{key: base64(value)}` as JSON, sealed with AES-256-GCM; never selected unless asked for. */
  @Column({ name: 'sealed_data', type: 'text', select: false })
  sealedData!: string;

  /** Bumped on every write; `If-Match` compares against it. */
  @Column({ name: 'resource_version', type: 'integer', default: 1 })
  resourceVersion!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
