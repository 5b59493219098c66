import { DeviceSpecEntity, DeviceViewEntity } from '@lib/database';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { auditInTransaction } from '../../access';
import { type ConfigSpec, configSpecReferences, ConfigurationStore, lockNamespace } from '../../serving';
import { canonical, type WriteOutcome, writeStatus } from '../catalogue-write';
import type { ConfigSpecDto } from '../device-sets/config-spec.dto';
import { checkLogCollection } from '../device-sets/device-sets.service';
import { writeResource } from '../namespaced-writer';
import { References } from '../references';

export interface DeviceSpecDto extends ConfigSpecDto {
  deviceId: string;
  namespace: string;
  resourceVersion: string;
}

const toDto = (s: DeviceSpecEntity): DeviceSpecDto => ({
  ...(s.spec as ConfigSpecDto),
  deviceId: s.deviceId,
  namespace: s.namespace,
  resourceVersion: String(s.resourceVersion),
});

/** A device's own configuration sections; they override its set's field by field. */
@Injectable()
export class DeviceSpecsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly references: References,
    private readonly store: ConfigurationStore,
  ) {}

  async put(
    ns: string,
    deviceId: string,
    spec: ConfigSpecDto,
    ifMatch?: string,
  ): Promise<{ outcome: WriteOutcome; spec: DeviceSpecDto }> {
    const plain = JSON.parse(JSON.stringify(spec)) as ConfigSpec;
    checkLogCollection(plain);
    return this.dataSource.transaction(async (m) => {
      await lockNamespace(m, ns);
      if (!(await m.existsBy(DeviceViewEntity, { deviceId, namespace: ns }))) {
        throw new DomainError('DEVICE_NOT_FOUND', `Device ${deviceId} not found in namespace ${ns}`);
      }
      await this.references.require(m, ns, configSpecReferences(plain));
      const { saved, outcome } = await writeResource(m, {
        entity: DeviceSpecEntity,
        where: { deviceId },
        what: `spec of device ${deviceId}`,
        ifMatch,
        values: { namespace: ns, spec: plain as Record<string, unknown> },
        same: (existing) => canonical(existing.spec) === canonical(plain),
      });
      if (outcome !== 'unchanged') {
        await this.store.render(m, ns, [deviceId], { kind: 'devicespecs', name: deviceId, action: 'put' });
      }
      await auditInTransaction(m, writeStatus(outcome));
      return { outcome, spec: toDto(saved) };
    });
  }

  async get(ns: string, deviceId: string): Promise<DeviceSpecDto> {
    const spec = await this.dataSource.manager.findOneBy(DeviceSpecEntity, { deviceId, namespace: ns });
    if (!spec) {
      throw new DomainError(
        'RESOURCE_NOT_FOUND',
        `Device ${deviceId} has no spec of its own in namespace ${ns}`,
      );
    }
    return toDto(spec);
  }
}
