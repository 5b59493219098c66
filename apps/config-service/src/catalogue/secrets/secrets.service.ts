import { SecretEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SecretBox } from '../../secret-box';
import { CatalogueLoader, ConfigurationStore, secretContext } from '../../serving';
import type { WriteOutcome } from '../catalogue-write';
import { NamespacedResources } from '../namespaced-resources';
import { References } from '../references';
import { secretData as secretContent } from './secret-content';
import type { PutSecretDto, SecretDto } from './secret.dto';

const toDto = (s: SecretEntity): SecretDto => ({
  namespace: s.namespace,
  name: s.name,
  type: s.type,
  keys: s.keys,
  resourceVersion: String(s.resourceVersion),
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

@Injectable()
export class SecretsService {
  private readonly resources = new NamespacedResources(
    this.dataSource,
    SecretEntity,
    'secret',
    (m, ns, name) => this.find(m, ns, name),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    private readonly loader: CatalogueLoader,
    private readonly references: References,
    private readonly store: ConfigurationStore,
  ) {}

  /** Values are sealed before they reach the database; a secret change re-renders the namespace's devices. */
  async put(
    ns: string,
    name: string,
    body: PutSecretDto,
    ifMatch?: string,
    manager?: EntityManager,
  ): Promise<{ outcome: WriteOutcome; secret: SecretDto }> {
    const data = secretContent(body);
    const type = body.type ?? 'Opaque';
    const sealedData = this.box.seal(JSON.stringify(data), secretContext({ namespace: ns, name }));
    const { saved, outcome } = await this.resources.write({
      namespace: ns,
      name,
      ifMatch,
      manager,
      values: { type, keys: Object.keys(data), sealedData },
      // Sealing is randomised, so equality is decided on the opened values (the stored row's sealed_data is
      // not selected by default).
      same: async (existing, m) => {
        const current = await this.find(m, ns, name);
        return (
          current !== null &&
          existing.type === type &&
          JSON.stringify(this.loader.openSecret(current).data) === JSON.stringify(data)
        );
      },
      render: async (m) => {
        const change = { kind: 'secrets', name, action: 'put' as const };
        await this.store.render(m, ns, await this.store.devicesTargeted(m, ns, 'all'), change);
      },
    });
    return { outcome, secret: toDto(saved) };
  }

  async get(ns: string, name: string): Promise<SecretDto> {
    return toDto(await this.resources.get(ns, name));
  }

  async list(ns: string): Promise<SecretDto[]> {
    return (await this.resources.list(ns)).map(toDto);
  }

  delete(ns: string, name: string, ifMatch?: string): Promise<void> {
    return this.resources.delete(ns, name, ifMatch, {
      before: (m) => this.references.requireUnused(m, ns, 'secret', name),
    });
  }

  private find(m: EntityManager, ns: string, name: string): Promise<SecretEntity | null> {
    return m
      .createQueryBuilder(SecretEntity, 's')
      .addSelect('s.sealedData')
      .where('s.namespace = :ns AND s.name = :name', { ns, name })
      .getOne();
  }
}
