import { DeviceSetEntity } from '@lib/database';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { canonical, checkIfMatch, type WriteOutcome } from '../catalogue/catalogue-write';
import { writeResource } from '../catalogue/namespaced-writer';
import { References } from '../catalogue/references.service';
import { type ConfigSpec, MEMBER_OF_LABEL } from '../rendering/catalogue.types';
import { ConfigurationStore, lockNamespace } from '../rendering/configuration-store.service';
import { configSpecReferences } from '../rendering/references';
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
  constructor(
    private readonly dataSource: DataSource,
    private readonly references: References,
    private readonly store: ConfigurationStore,
  ) {}

  put(
    ns: string,
    name: string,
    spec: ConfigSpecDto,
    ifMatch?: string,
  ): Promise<{ outcome: WriteOutcome; set: DeviceSetDto }> {
    return this.dataSource.transaction((m) => this.putIn(m, ns, name, spec, ifMatch));
  }

  async putIn(
    m: EntityManager,
    ns: string,
    name: string,
    spec: ConfigSpecDto,
    ifMatch?: string,
  ): Promise<{ outcome: WriteOutcome; set: DeviceSetDto }> {
    const plain = JSON.parse(JSON.stringify(spec)) as ConfigSpec;
    checkLogCollection(plain);
    await lockNamespace(m, ns);
    await this.references.require(m, ns, configSpecReferences(plain));
    const { saved, outcome } = await writeResource(m, {
      entity: DeviceSetEntity,
      where: { namespace: ns, name },
      what: `device set ${name}`,
      ifMatch,
      values: { spec: plain as Record<string, unknown> },
      same: (existing) => canonical(existing.spec) === canonical(plain),
    });
    if (outcome !== 'unchanged') {
      await this.renderMembers(m, ns, name);
    }
    return { outcome, set: toDto(saved) };
  }

  async get(ns: string, name: string): Promise<DeviceSetDto> {
    return toDto(await this.require(this.dataSource.manager, ns, name));
  }

  async list(ns: string): Promise<DeviceSetDto[]> {
    const rows = await this.dataSource.manager.find(DeviceSetEntity, {
      where: { namespace: ns },
      order: { name: 'ASC' },
    });
    return rows.map(toDto);
  }

  async delete(ns: string, name: string, ifMatch?: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await lockNamespace(m, ns);
      const existing = await this.require(m, ns, name);
      checkIfMatch(`device set ${name}`, existing, ifMatch);
      await m.delete(DeviceSetEntity, { id: existing.id });
      await this.renderMembers(m, ns, name);
    });
  }

  private async renderMembers(m: EntityManager, ns: string, name: string): Promise<void> {
    const members = { requirements: [{ key: MEMBER_OF_LABEL, op: 'in' as const, values: [name] }] };
    await this.store.render(m, ns, await this.store.devicesTargeted(m, ns, [members]));
  }

  private async require(m: EntityManager, ns: string, name: string): Promise<DeviceSetEntity> {
    const set = await m.findOneBy(DeviceSetEntity, { namespace: ns, name });
    if (!set) {
      throw new DomainError('RESOURCE_NOT_FOUND', `No device set ${name} in namespace ${ns}`);
    }
    return set;
  }
}
