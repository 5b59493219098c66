import { DeviceSetEntity } from '@lib/database';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type ConfigSpec, configSpecReferences, ConfigurationStore, MEMBER_OF_LABEL } from '../../serving';
import { canonical, type WriteOutcome } from '../catalogue-write';
import { NamespacedResources } from '../namespaced-resources';
import { References } from '../references';
import type { ConfigSpecDto } from './config-spec.dto';

export interface DeviceSetDto extends ConfigSpecDto {
  namespace: string;
  name: string;
  resourceVersion: string;
}

const toDto = (s: DeviceSetEntity): DeviceSetDto => ({
  ...(s.spec as ConfigSpecDto),
  namespace: s.namespace,
  name: s.name,
  resourceVersion: String(s.resourceVersion),
});

/** Rejects log-collection entries upstream's CRD would refuse (kind syslog only). */
export function checkLogCollection(spec: ConfigSpec): void {
  for (const [target, c] of Object.entries(spec.logCollection ?? {})) {
    const ok =
      typeof c === 'object' &&
      c !== null &&
      (c.kind === undefined || c.kind === 'syslog') &&
      (c.bufferSize === undefined || (Number.isInteger(c.bufferSize) && c.bufferSize >= 1)) &&
      (c.syslogConfig === undefined || typeof c.syslogConfig.name === 'string');
    if (!ok) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `logCollection.${target}: expected {kind: syslog, bufferSize >= 1, syslogConfig: {name}}`,
      );
    }
  }
}

@Injectable()
export class DeviceSetsService {
  private readonly resources = new NamespacedResources(this.dataSource, DeviceSetEntity, 'device set');

  constructor(
    private readonly dataSource: DataSource,
    private readonly references: References,
    private readonly store: ConfigurationStore,
  ) {}

  /** Creates or replaces; the set's members are re-rendered in the same transaction. */
  async put(
    ns: string,
    name: string,
    spec: ConfigSpecDto,
    ifMatch?: string,
    manager?: EntityManager,
  ): Promise<{ outcome: WriteOutcome; set: DeviceSetDto }> {
    const plain = JSON.parse(JSON.stringify(spec)) as ConfigSpec;
    checkLogCollection(plain);
    const { saved, outcome } = await this.resources.write({
      namespace: ns,
      name,
      ifMatch,
      manager,
      values: { spec: plain as Record<string, unknown> },
      same: (existing) => canonical(existing.spec) === canonical(plain),
      check: (m) => this.references.require(m, ns, configSpecReferences(plain)),
      render: (m) => this.renderMembers(m, ns, name, 'put'),
    });
    return { outcome, set: toDto(saved) };
  }

  async get(ns: string, name: string): Promise<DeviceSetDto> {
    return toDto(await this.resources.get(ns, name));
  }

  async list(ns: string): Promise<DeviceSetDto[]> {
    return (await this.resources.list(ns)).map(toDto);
  }

  delete(ns: string, name: string, ifMatch?: string): Promise<void> {
    return this.resources.delete(ns, name, ifMatch, {
      after: (m) => this.renderMembers(m, ns, name, 'delete'),
    });
  }

  private async renderMembers(
    m: EntityManager,
    ns: string,
    name: string,
    action: 'put' | 'delete',
  ): Promise<void> {
    const members = { requirements: [{ key: MEMBER_OF_LABEL, op: 'in' as const, values: [name] }] };
    const change = { kind: 'devicesets', name, action };
    await this.store.render(m, ns, await this.store.devicesTargeted(m, ns, [members]), change);
  }
}
