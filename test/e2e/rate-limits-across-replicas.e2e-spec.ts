import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../support/apps';
import { bearer } from '../support/auth';
import { appEnv, TEST_PORTS } from '../support/test-env';

/**
 * Two more config service replicas on the shared database, as a Deployment with two pods runs them: a caller's
 * limit and the failed authentications of an address hold in total, not per replica.
 */
describe('rate limits across replicas', () => {
  let replicas: RunningApp[] = [];

  beforeAll(async () => {
    const env = {
      ...appEnv(),
      // Failed authentications per address: a burst of 6, then one per 1000 s.
      MANAGEMENT_RATE_LIMIT_PER_SECOND: '0.001',
      MANAGEMENT_RATE_LIMIT_BURST: '6',
    };
    replicas = await Promise.all([
      startApp(
        'config-service',
        TEST_PORTS.replicaA,
        { ...env, CONFIG_SERVICE_TCP_PORT: String(TEST_PORTS.replicaATcp) },
        { logName: 'config-service-replica-a' },
      ),
      startApp(
        'config-service',
        TEST_PORTS.replicaB,
        { ...env, CONFIG_SERVICE_TCP_PORT: String(TEST_PORTS.replicaBTcp) },
        { logName: 'config-service-replica-b' },
      ),
    ]);
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
  });

  /** `count` requests, alternating between the two replicas; the status of each, by replica. */
  async function alternate(count: number, headers: Record<string, string>) {
    const answers: { replica: number; status: number; response: Response }[] = [];
    for (let i = 0; i < count; i++) {
      const replica = i % 2;
      const response = await fetch(`${replicas[replica].url}/api/v1/whoami`, { headers });
      answers.push({ replica, status: response.status, response });
    }
    return answers;
  }

  it("allows a caller's burst once in total over both replicas, then answers 429 with Retry-After on both", async () => {
    // The `shared-throttle` token: a burst of 10, one more per 100 s.
    const answers = await alternate(30, bearer('shared-throttle'));

    expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
    expect(answers.slice(10).map((a) => a.status)).toEqual(Array(20).fill(429));
    for (const replica of [0, 1]) {
      expect(answers.filter((a) => a.replica === replica && a.status === 200).length).toBeGreaterThan(0);
      expect(answers.filter((a) => a.replica === replica && a.status === 429).length).toBeGreaterThan(0);
    }
    const limited = answers[answers.length - 1].response;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
  });

  it('counts failed authentications per address over both replicas', async () => {
    const answers = await alternate(20, { authorization: 'Bearer not-a-token-of-anyone' });

    expect(answers.filter((a) => a.status === 401)).toHaveLength(6);
    expect(answers.slice(6).map((a) => a.status)).toEqual(Array(14).fill(429));
    expect(new Set(answers.filter((a) => a.status === 429).map((a) => a.replica))).toEqual(new Set([0, 1]));
  });
});
