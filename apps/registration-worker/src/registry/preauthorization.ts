import { DevicePreauthorizationEntity, PreauthorizationUseEntity } from '@lib/database';
import { type EntityManager, In } from 'typeorm';

/** A pre-authorisation as the enrolment transition needs it. */
export type Preauthorization = Pick<
  DevicePreauthorizationEntity,
  'id' | 'deviceId' | 'namespace' | 'labels' | 'expiresAt' | 'createdBy'
>;

/**
 * The unused pre-authorisations of a batch's devices, locked until the batch commits. The share lock makes a
 * DELETE or PUT of one (config service) wait for the enrolment that uses it, or be seen by it when it committed
 * first; the uses are read by a second statement, after the lock, so a use committed meanwhile by another
 * transaction is seen too. `preauthorization_use`'s primary key is the last guard: a pre-authorisation approves
 * at most once.
 */
export async function unusedPreauthorizations(
  manager: EntityManager,
  deviceIds: string[],
): Promise<Map<string, Preauthorization>> {
  if (deviceIds.length === 0) {
    return new Map();
  }
  const rows = await manager.find(DevicePreauthorizationEntity, {
    where: { deviceId: In(deviceIds) },
    order: { deviceId: 'ASC' },
    lock: { mode: 'pessimistic_read' },
  });
  if (rows.length === 0) {
    return new Map();
  }
  const used = await manager.find(PreauthorizationUseEntity, {
    select: { preauthorizationId: true },
    where: { preauthorizationId: In(rows.map((r) => r.id)) },
  });
  const usedIds = new Set(used.map((u) => u.preauthorizationId));
  return new Map(rows.filter((r) => !usedIds.has(r.id)).map((r) => [r.deviceId, r]));
}

/** Whether it may approve an enrolment made at `at`. */
export const isValidAt = (preauthorization: Preauthorization, at: Date): boolean =>
  preauthorization.expiresAt === null || preauthorization.expiresAt > at;

export interface PreauthorizationUse {
  preauthorizationId: string;
  deviceId: string;
  usedAt: Date;
}

export async function insertUses(manager: EntityManager, uses: PreauthorizationUse[]): Promise<void> {
  if (uses.length > 0) {
    await manager.insert(PreauthorizationUseEntity, uses);
  }
}
