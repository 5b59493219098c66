import { ConfigMapEntity } from '@lib/database';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { canonical, checkIfMatch, type WriteOutcome } from '../catalogue/catalogue-write';
import { writeResource } from '../catalogue/namespaced-writer';
import { References } from '../catalogue/references.service';
import { ConfigurationStore, lockNamespace } from '../rendering/configuration-store.service';
import type { ConfigMapDto, PutConfigMapDto } from './configmap.dto';

const toDto = (c: ConfigMapEntity): ConfigMapDto => ({
  namespace: c.namespace,
  name: c.name,
  data: c.data,
  labels: c.labels,
  resourceVersion: String(c.resourceVersion),
});

@Injectable()
export class ConfigMapsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly references: References,
    private readonly store: ConfigurationStore,
  ) {}

  put(
    ns: string,
    name: string,
    body: PutConfigMapDto,
    ifMatch?: string,
  ): Promise<{ outcome: WriteOutcome; configMap: ConfigMapDto }> {
    return this.dataSource.transaction((m) => this.putIn(m, ns, name, body, ifMatch));
  }

  async putIn(
    m: EntityManager,
    ns: string,
    name: string,
    body: PutConfigMapDto,
    ifMatch?: string,
  ): Promise<{ outcome: WriteOutcome; configMap: ConfigMapDto }> {
    const bad = Object.entries(body.data).find(([, v]) => typeof v !== 'string');
    if (bad) {
      throw new DomainError('VALIDATION_FAILED', `data.${bad[0]}: must be a string`);
    }
    const values = { data: body.data, labels: body.labels ?? {} };
    await lockNamespace(m, ns);
    const { saved, outcome } = await writeResource(m, {
      entity: ConfigMapEntity,
      where: { namespace: ns, name },
      what: `configmap ${name}`,
      ifMatch,
      values,
      same: (existing) => canonical({ data: existing.data, labels: existing.labels }) === canonical(values),
    });
    if (outcome !== 'unchanged') {
      await this.store.render(m, ns, await this.store.devicesTargeted(m, ns, 'all'));
    }
    return { outcome, configMap: toDto(saved) };
  }

  async get(ns: string, name: string): Promise<ConfigMapDto> {
    return toDto(await this.require(this.dataSource.manager, ns, name));
  }

  async list(ns: string): Promise<ConfigMapDto[]> {
    const rows = await this.dataSource.manager.find(ConfigMapEntity, {
      where: { namespace: ns },
      order: { name: 'ASC' },
    });
    return rows.map(toDto);
  }

  async delete(ns: string, name: string, ifMatch?: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await lockNamespace(m, ns);
      const existing = await this.require(m, ns, name);
      checkIfMatch(`configmap ${name}`, existing, ifMatch);
      await this.references.requireUnused(m, ns, 'configmap', name);
      await m.delete(ConfigMapEntity, { id: existing.id });
    });
  }

  private async require(m: EntityManager, ns: string, name: string): Promise<ConfigMapEntity> {
    const cm = await m.findOneBy(ConfigMapEntity, { namespace: ns, name });
    if (!cm) {
      throw new DomainError('RESOURCE_NOT_FOUND', `No configmap ${name} in namespace ${ns}`);
    }
    return cm;
  }
}
