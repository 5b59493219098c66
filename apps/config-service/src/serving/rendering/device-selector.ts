import { isLabelKey, isLabelValue, LabelSelectorError, type Requirement } from '@lib/contracts';
import type { LabelSelector, WorkloadSpec } from './catalogue.types';

const OPERATORS: Record<string, Requirement['op']> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: 'notexists',
};

/**
 * A Kubernetes LabelSelector (matchLabels, matchExpressions) as requirements, validated as the API server does:
 * known operators, values for In/NotIn only, valid keys and values. An empty selector matches every device.
 */
export function selectorRequirements(selector: LabelSelector): Requirement[] {
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!isLabelKey(key) || !isLabelValue(value)) {
      throw new LabelSelectorError(`matchLabels: invalid label ${key}=${value}`);
    }
    requirements.push({ key, op: 'in', values: [value] });
  }
  (selector.matchExpressions ?? []).forEach((expression, i) => {
    const at = `matchExpressions[${i}]`;
    const op = OPERATORS[expression.operator];
    if (!op) {
      throw new LabelSelectorError(`${at}.operator: must be one of In, NotIn, Exists, DoesNotExist`);
    }
    if (!isLabelKey(expression.key)) {
      throw new LabelSelectorError(`${at}.key: invalid label key "${expression.key}"`);
    }
    const values = expression.values ?? [];
    if (op === 'in' || op === 'notin') {
      if (values.length === 0) {
        throw new LabelSelectorError(`${at}.values: must be non-empty for ${expression.operator}`);
      }
      const bad = values.find((v) => !isLabelValue(v));
      if (bad !== undefined) {
        throw new LabelSelectorError(`${at}.values: invalid label value "${bad}"`);
      }
      requirements.push({ key: expression.key, op, values });
    } else {
      if (values.length > 0) {
        throw new LabelSelectorError(`${at}.values: must be empty for ${expression.operator}`);
      }
      requirements.push({ key: expression.key, op });
    }
  });
  return requirements;
}

/** How a workload picks its devices: one device by ID, or a selector over the namespace's devices. */
export type Target = { deviceId: string } | { requirements: Requirement[] };

export function targetOf(spec: Pick<WorkloadSpec, 'device' | 'deviceSelector'>): Target {
  return spec.device !== undefined
    ? { deviceId: spec.device }
    : { requirements: selectorRequirements(spec.deviceSelector ?? {}) };
}
