import { ConfigMapEntity } from '@lib/database';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConfigurationStore } from '../../serving';
import { canonical, type WriteOutcome } from '../catalogue-write';
import { NamespacedResources } from '../namespaced-resources';
import { References } from '../references';
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
  private readonly resources = new NamespacedResources(this.dataSource, ConfigMapEntity, 'configmap');

  constructor(
    private readonly dataSource: DataSource,
    private readonly references: References,
    private readonly store: ConfigurationStore,
  ) {}

  /** Creates or replaces; a configmap change re-renders the namespace's devices. */
  async put(
    ns: string,
    name: string,
    body: PutConfigMapDto,
    ifMatch?: string,
    manager?: EntityManager,
  ): Promise<{ outcome: WriteOutcome; configMap: ConfigMapDto }> {
    const bad = Object.entries(body.data).find(([, v]) => typeof v !== 'string');
    if (bad) {
      throw new DomainError('VALIDATION_FAILED', `data.${bad[0]}: must be a string`);
    }
    const values = { data: body.data, labels: body.labels ?? {} };
    const { saved, outcome } = await this.resources.write({
      namespace: ns,
      name,
      ifMatch,
      manager,
      values,
      same: (existing) => canonical({ data: existing.data, labels: existing.labels }) === canonical(values),
      render: async (m) => {
        const change = { kind: 'configmaps', name, action: 'put' as const };
        await this.store.render(m, ns, await this.store.devicesTargeted(m, ns, 'all'), change);
      },
    });
    return { outcome, configMap: toDto(saved) };
  }

  async get(ns: string, name: string): Promise<ConfigMapDto> {
    return toDto(await this.resources.get(ns, name));
  }

  async list(ns: string): Promise<ConfigMapDto[]> {
    return (await this.resources.list(ns)).map(toDto);
  }

  delete(ns: string, name: string, ifMatch?: string): Promise<void> {
    return this.resources.delete(ns, name, ifMatch, {
      before: (m) => this.references.requireUnused(m, ns, 'configmap', name),
    });
  }
}
