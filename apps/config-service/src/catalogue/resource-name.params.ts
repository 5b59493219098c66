import { IsNamespace } from '@lib/contracts';
import { Length, Matches } from 'class-validator';

/** A namespaced catalogue resource: Kubernetes object names (DNS-1123 subdomain). */
export class ResourceParams {
  @IsNamespace()
  ns!: string;

  @Matches(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
    message: 'name must be a DNS-1123 subdomain',
  })
  @Length(1, 253)
  name!: string;
}
