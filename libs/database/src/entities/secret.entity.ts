import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { NamespacedResourceEntity } from './namespaced-resource.entity';

/** Secrets, values encrypted at rest (AES-256-GCM, SECRETS_ENCRYPTION_KEY). Owner: config-service. */
@Entity({ name: 'secret' })
@Index('UQ_secret_namespace_name', ['namespace', 'name'], { unique: true })
export class SecretEntity extends NamespacedResourceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_secret' })
  id!: string;

  /** Kubernetes secret type: `Opaque` or `kubernetes.io/dockerconfigjson`. */
  @Column({ type: 'varchar', length: 63 })
  type!: string;

  /** The keys, in clear, so that references can be validated without decrypting. */
  @Column({ type: 'jsonb', default: [] })
  keys!: string[];

  /** `{key: base64(value)}` as JSON, sealed with AES-256-GCM; never selected unless asked for. */
  @Column({ name: 'sealed_data', type: 'text', select: false })
  sealedData!: string;
}
