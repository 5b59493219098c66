import { describe, expect, it } from 'vitest';
import { batchSize, planBatches, requiredSuccesses } from './batch-plan';

const devices = (n: number, labels: (i: number) => Record<string, string> = () => ({})) =>
  Array.from({ length: n }, (_, i) => ({ deviceId: `d${i}`, labels: labels(i) }));

describe('planBatches', () => {
  it('takes devices by ID up to each limit, and leaves the rest to a last batch', () => {
    const { plans, batchOf } = planBatches(
      [
        { limit: 2, approval: 'auto' },
        { limit: '33%', approval: 'manual' },
      ],
      devices(6).reverse(),
    );
    expect(plans).toEqual([
      { policyBatch: 0, approval: 'auto' },
      { policyBatch: 1, approval: 'manual' },
      { policyBatch: 2, approval: 'auto' },
    ]);
    expect([...batchOf].sort()).toEqual([
      ['d0', 0],
      ['d1', 0],
      ['d2', 1],
      ['d3', 1],
      ['d4', 2],
      ['d5', 2],
    ]);
  });

  it('picks by selector and leaves out a batch whose selector picks nothing', () => {
    const { plans, batchOf } = planBatches(
      [
        { selector: 'site=lab', approval: 'auto' },
        { selector: 'site=nowhere', approval: 'auto' },
      ],
      devices(3, (i) => ({ site: i === 1 ? 'lab' : 'field' })),
    );
    expect(plans.map((p) => p.policyBatch)).toEqual([0, 2]);
    expect(batchOf.get('d1')).toBe(0);
    expect(batchOf.get('d0')).toBe(1);
  });
});

describe('batchSize and requiredSuccesses', () => {
  it('rounds a percentage up, so a small rollout still moves', () => {
    expect(batchSize('10%', 5)).toBe(1);
    expect(batchSize(3, 100)).toBe(3);
    expect(batchSize(undefined, 7)).toBe(7);
    expect(requiredSuccesses(3, 50)).toBe(2);
    expect(requiredSuccesses(2, 100)).toBe(2);
  });
});
