import { AutoApprovalRuleEntity } from '@lib/database';
import type { EntityManager } from 'typeorm';
import { globMatches } from './glob';

/** The enabled rules in the order they are tried: by priority, then name. */
export function enabledRules(manager: EntityManager): Promise<AutoApprovalRuleEntity[]> {
  return manager.find(AutoApprovalRuleEntity, {
    where: { enabled: true },
    order: { priority: 'ASC', name: 'ASC' },
  });
}

/** The first rule matching a device ID and requested namespace, if any. */
export function matchRule(
  rules: AutoApprovalRuleEntity[],
  deviceId: string,
  namespace: string,
): AutoApprovalRuleEntity | null {
  return (
    rules.find(
      (rule) => globMatches(rule.deviceIdPattern, deviceId) && globMatches(rule.namespacePattern, namespace),
    ) ?? null
  );
}
