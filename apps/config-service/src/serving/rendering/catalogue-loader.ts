import { ConfigMapEntity, DeviceSetEntity, SecretEntity, WorkloadEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SecretBox } from '../../secret-box';
import type { ConfigSpec, NamespaceCatalogue, SecretData, WorkloadSpec } from './catalogue.types';

/** Reads everything of a namespace that can feed a device, secrets opened. */
@Injectable()
export class CatalogueLoader {
  constructor(private readonly box: SecretBox) {}

  async load(manager: EntityManager, namespace: string): Promise<NamespaceCatalogue> {
    const [workloads, sets, configMaps, secrets] = await Promise.all([
      manager.findBy(WorkloadEntity, { namespace }),
      manager.findBy(DeviceSetEntity, { namespace }),
      manager.findBy(ConfigMapEntity, { namespace }),
      manager
        .createQueryBuilder(SecretEntity, 's')
        .addSelect('s.sealedData')
        .where('s.namespace = :namespace', { namespace })
        .getMany(),
    ]);
    return {
      namespace,
      workloads: workloads.map((w) => ({ name: w.name, spec: w.spec as unknown as WorkloadSpec })),
      sets: new Map(sets.map((s) => [s.name, s.spec as ConfigSpec])),
      configMaps: new Map(configMaps.map((c) => [c.name, { data: c.data, labels: c.labels }])),
      secrets: new Map(secrets.map((s) => [s.name, this.openSecret(s)])),
    };
  }

  openSecret(secret: SecretEntity): SecretData {
    const data = JSON.parse(this.box.open(secret.sealedData, secretContext(secret))) as Record<
      string,
      string
    >;
    return { type: secret.type, data };
  }
}

export const secretContext = (s: { namespace: string; name: string }): string =>
  `secret/${s.namespace}/${s.name}`;
