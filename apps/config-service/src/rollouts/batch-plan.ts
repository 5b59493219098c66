import { matchesRequirements, parseLabelSelector } from '@lib/contracts';
import type { RolloutBatchPlan, RolloutPolicyBatch } from '@lib/database';

export interface CandidateDevice {
  deviceId: string;
  labels: Record<string, string>;
}

/** `5` or `"10%"` of `total` devices (a percentage rounds up, so no batch of a non-empty rollout is empty). */
export function batchSize(limit: number | string | undefined, total: number): number {
  if (limit === undefined) {
    return total;
  }
  if (typeof limit === 'number') {
    return limit;
  }
  return Math.ceil((total * Number(limit.slice(0, -1))) / 100);
}

/**
 * Splits a rollout's devices into the policy's batches, in order: each takes, by device ID, up to its limit of the
 * devices its selector picks that no earlier batch took; devices no batch took form a last batch. Empty batches
 * are left out.
 */
export function planBatches(
  policy: RolloutPolicyBatch[],
  devices: CandidateDevice[],
): { plans: RolloutBatchPlan[]; batchOf: Map<string, number> } {
  let remaining = [...devices].sort((a, b) => a.deviceId.localeCompare(b.deviceId));
  const plans: RolloutBatchPlan[] = [];
  const batchOf = new Map<string, number>();
  const take = (picked: CandidateDevice[], plan: RolloutBatchPlan) => {
    if (picked.length === 0) {
      return;
    }
    picked.forEach((d) => batchOf.set(d.deviceId, plans.length));
    plans.push(plan);
    const taken = new Set(picked.map((d) => d.deviceId));
    remaining = remaining.filter((d) => !taken.has(d.deviceId));
  };
  policy.forEach((batch, i) => {
    const requirements = batch.selector ? parseLabelSelector(batch.selector) : [];
    const matching = remaining.filter((d) => matchesRequirements(d.labels, requirements));
    take(matching.slice(0, batchSize(batch.limit, devices.length)), {
      policyBatch: i,
      approval: batch.approval,
    });
  });
  take(remaining, { policyBatch: policy.length, approval: 'auto' });
  return { plans, batchOf };
}

/** How many of a batch's devices must succeed. */
export const requiredSuccesses = (devices: number, thresholdPercent: number): number =>
  Math.ceil((devices * thresholdPercent) / 100);
