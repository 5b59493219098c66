import {
  ConfigMapEntity,
  DeviceSetEntity,
  DeviceSpecEntity,
  SecretEntity,
  WorkloadEntity,
} from '@lib/database';
import { DomainError } from '@lib/platform';
import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import {
  type ConfigSpec,
  configSpecReferences,
  type Reference,
  referenceProblems,
  workloadReferences,
  type WorkloadSpec,
} from '../serving';

/** Checks references up front, and who still uses a secret or configmap before it is deleted. */
@Injectable()
export class References {
  /** Throws INVALID_REFERENCE naming every missing secret, configmap or key; nothing is stored then. */
  async require(manager: EntityManager, namespace: string, refs: Reference[]): Promise<void> {
    const names = (kind: Reference['kind']): string[] =>
      refs.filter((r) => r.kind === kind).map((r) => r.name);
    const [secrets, configMaps] = await Promise.all([
      manager.findBy(SecretEntity, { namespace, name: In(names('secret')) }),
      manager.findBy(ConfigMapEntity, { namespace, name: In(names('configmap')) }),
    ]);
    const keys = new Map([
      ...secrets.map((s) => [`secret/${s.name}`, s.keys] as const),
      ...configMaps.map((c) => [`configmap/${c.name}`, Object.keys(c.data)] as const),
    ]);
    const problems = referenceProblems(refs, (kind, name) => keys.get(`${kind}/${name}`));
    if (problems.length > 0) {
      throw new DomainError('INVALID_REFERENCE', problems.join('; '), { problems });
    }
  }

  /** Throws RESOURCE_IN_USE listing the workloads, sets and devices that reference it. */
  async requireUnused(
    manager: EntityManager,
    namespace: string,
    kind: Reference['kind'],
    name: string,
  ): Promise<void> {
    const [workloads, sets, specs] = await Promise.all([
      manager.findBy(WorkloadEntity, { namespace }),
      manager.findBy(DeviceSetEntity, { namespace }),
      manager.findBy(DeviceSpecEntity, { namespace }),
    ]);
    const uses = (refs: Reference[]): boolean => refs.some((r) => r.kind === kind && r.name === name);
    const users = [
      ...workloads
        .filter((w) => uses(workloadReferences(w.spec as unknown as WorkloadSpec)))
        .map((w) => `workload/${w.name}`),
      ...sets
        .filter((s) => uses(configSpecReferences(s.spec as ConfigSpec)))
        .map((s) => `device-set/${s.name}`),
      ...specs
        .filter((s) => uses(configSpecReferences(s.spec as ConfigSpec)))
        .map((s) => `device/${s.deviceId}`),
    ];
    if (users.length > 0) {
      throw new DomainError('RESOURCE_IN_USE', `${kind} ${name} is used by ${users.join(', ')}`, {
        usedBy: users,
      });
    }
  }
}
