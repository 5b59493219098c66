import { AutoApprovalRuleEntity } from '@lib/database';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { globMatches } from './glob';

/** Finds the first enabled rule (by priority, then name) matching a device ID and requested namespace. */
@Injectable()
export class AutoApprovalService {
  async match(
    manager: EntityManager,
    deviceId: string,
    namespace: string,
  ): Promise<AutoApprovalRuleEntity | null> {
    const rules = await manager.find(AutoApprovalRuleEntity, {
      where: { enabled: true },
      order: { priority: 'ASC', name: 'ASC' },
    });
    return (
      rules.find(
        (rule) =>
          globMatches(rule.deviceIdPattern, deviceId) && globMatches(rule.namespacePattern, namespace),
      ) ?? null
    );
  }
}
