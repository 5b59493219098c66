import { describe, expect, it } from 'vitest';
import { type ReadinessCheck, reportedWithin } from './health.controller';

const check = (result: () => Promise<unknown>): ReadinessCheck => ({
  name: 'database',
  check: result as ReadinessCheck['check'],
});

describe(reportedWithin.name, () => {
  it('reports the dependency up or down, readiness itself up', async () => {
    const up = check(() => Promise.resolve({ database: { status: 'up' } }));
    const down = check(() => Promise.resolve({ database: { status: 'down', message: 'refused' } }));
    expect(await reportedWithin(up, 100)).toEqual({ database: { status: 'up', dependency: 'up' } });
    expect(await reportedWithin(down, 100)).toEqual({
      database: { status: 'up', dependency: 'down', message: 'refused' },
    });
  });

  it('reports a check that does not answer in time as down, without waiting for it', async () => {
    // A check that never answers: without the bound, this test would time out.
    const frozen = check(() => new Promise(() => undefined));
    expect(await reportedWithin(frozen, 50)).toEqual({
      database: { status: 'up', dependency: 'down', message: 'no answer within 50 ms' },
    });
  });

  it('reports a check that throws as down', async () => {
    const broken = check(() => Promise.reject(new Error('boom')));
    expect(await reportedWithin(broken, 100)).toEqual({
      database: { status: 'up', dependency: 'down', message: 'boom' },
    });
  });
});
