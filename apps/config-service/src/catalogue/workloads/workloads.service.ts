import { LabelSelectorError } from '@lib/contracts';
import { WorkloadEntity } from '@lib/database';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ConfigurationStore,
  type Target,
  targetOf,
  workloadReferences,
  type WorkloadSpec,
} from '../../serving';
import { canonical, type WriteOutcome } from '../catalogue-write';
import { NamespacedResources } from '../namespaced-resources';
import { References } from '../references';
import type { WorkloadDto, WorkloadSpecDto } from './workload.dto';

const toDto = (w: WorkloadEntity): WorkloadDto => ({
  ...(w.spec as unknown as WorkloadSpecDto),
  namespace: w.namespace,
  name: w.name,
  resourceVersion: String(w.resourceVersion),
  createdAt: w.createdAt.toISOString(),
  updatedAt: w.updatedAt.toISOString(),
});

/** Validates what class-validator cannot: one way of targeting, a well-formed selector, string maps. */
export function validTarget(spec: WorkloadSpecDto): Target {
  if ((spec.device === undefined) === (spec.deviceSelector === undefined)) {
    throw new DomainError('VALIDATION_FAILED', 'exactly one of device and deviceSelector must be set');
  }
  for (const field of ['labels', 'annotations'] as const) {
    if (Object.values(spec[field] ?? {}).some((v) => typeof v !== 'string')) {
      throw new DomainError('VALIDATION_FAILED', `${field}: values must be strings`);
    }
  }
  try {
    return targetOf(spec);
  } catch (error) {
    if (error instanceof LabelSelectorError) {
      throw new DomainError('VALIDATION_FAILED', `deviceSelector: ${error.message}`);
    }
    throw error;
  }
}

@Injectable()
export class WorkloadsService {
  private readonly resources = new NamespacedResources(this.dataSource, WorkloadEntity, 'workload');

  constructor(
    private readonly dataSource: DataSource,
    private readonly references: References,
    private readonly store: ConfigurationStore,
  ) {}

  /** Creates or replaces; the devices it targeted and now targets are re-rendered in the same transaction. */
  async put(
    ns: string,
    name: string,
    spec: WorkloadSpecDto,
    ifMatch?: string,
    manager?: EntityManager,
  ): Promise<{ outcome: WriteOutcome; workload: WorkloadDto }> {
    const target = validTarget(spec);
    const plain = JSON.parse(JSON.stringify(spec)) as Record<string, unknown>;
    const { saved, outcome } = await this.resources.write({
      namespace: ns,
      name,
      ifMatch,
      manager,
      values: { spec: plain },
      same: (existing) => canonical(existing.spec) === canonical(plain),
      check: (m) => this.references.require(m, ns, workloadReferences(plain as unknown as WorkloadSpec)),
      render: async (m, _, previous) => {
        const targets = previous ? [target, targetOf(previous.spec)] : [target];
        const change = { kind: 'workloads', name, action: 'put' as const };
        await this.store.render(m, ns, await this.store.devicesTargeted(m, ns, targets), change);
      },
    });
    return { outcome, workload: toDto(saved) };
  }

  async get(ns: string, name: string): Promise<WorkloadDto> {
    return toDto(await this.resources.get(ns, name));
  }

  async list(ns: string): Promise<WorkloadDto[]> {
    return (await this.resources.list(ns)).map(toDto);
  }

  delete(ns: string, name: string, ifMatch?: string): Promise<void> {
    return this.resources.delete(ns, name, ifMatch, {
      // The devices it targeted lose it.
      after: async (m, existing) => {
        const ids = await this.store.devicesTargeted(m, ns, [targetOf(existing.spec)]);
        await this.store.render(m, ns, ids, { kind: 'workloads', name, action: 'delete' });
      },
    });
  }

  /** Dry run: the served devices of the namespace the spec would target; nothing is stored. */
  async preview(ns: string, spec: WorkloadSpecDto): Promise<string[]> {
    const target = validTarget(spec);
    const ids = await this.store.devicesTargeted(this.dataSource.manager, ns, [target]);
    return ids.sort();
  }
}
