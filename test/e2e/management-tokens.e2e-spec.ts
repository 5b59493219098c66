import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../support/auth';
import { testPool } from '../support/db';
import { ManagementClient } from '../support/management-client';

describe('management API tokens and rate limits', () => {
  const admin = new ManagementClient();
  const anonymous = new ManagementClient(null);
  let pool: Pool;
  const withToken = (token: string, method: string, path: string, body?: unknown) =>
    anonymous.request(method, path, body, { authorization: `Bearer ${token}` });

  beforeAll(() => {
    pool = testPool();
  });
  afterAll(async () => {
    await pool.end();
  });

  it('mints a token once, keeps only its hash, lists it without secrets and revokes it at once', async () => {
    const minted = await admin.request<{ token: string }>('PUT', '/tokens/ci-bot', {
      roles: ['operator'],
      namespaces: ['team-a'],
    });
    expect(minted.status).toBe(201);
    expect(minted.body).toMatchObject({
      name: 'ci-bot',
      roles: ['operator'],
      namespaces: ['team-a'],
      source: 'api',
      createdBy: 'token:admin',
      token: expect.stringMatching(/^fct_[A-Za-z0-9_-]{43}$/),
    });
    const { token } = minted.body;

    expect((await withToken(token, 'GET', '/whoami')).body).toMatchObject({ actor: 'token:ci-bot' });
    expect(
      (await withToken(token, 'PUT', '/namespaces/team-a/configmaps/from-bot', { data: {} })).status,
    ).toBe(201);
    expect((await withToken(token, 'GET', '/namespaces/team-b/configmaps')).status).toBe(403);

    const listed = await admin.request<Record<string, unknown>[]>('GET', '/tokens');
    const entry = listed.body.find((t) => t.name === 'ci-bot');
    expect(entry).toMatchObject({ source: 'api', roles: ['operator'] });
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(listed.body.find((t) => t.name === 'admin')).toMatchObject({ source: 'file' });
    const { rows } = await pool.query<{ row: string }>(
      "SELECT t::text AS row FROM api_token t WHERE name = 'ci-bot'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].row).not.toContain(token);

    expect((await admin.request('DELETE', '/tokens/ci-bot')).status).toBe(204);
    expect((await withToken(token, 'GET', '/whoami')).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const minted = await admin.request<{ token: string }>('PUT', '/tokens/expired-bot', {
      roles: ['viewer'],
      namespaces: ['*'],
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(minted.status).toBe(201);

    expect((await withToken(minted.body.token, 'GET', '/whoami')).status).toBe(401);
    await admin.request('DELETE', '/tokens/expired-bot');
  });

  it('leaves the token file alone: no duplicate names, no revocation through the API', async () => {
    expect(
      (await admin.request('PUT', '/tokens/viewer', { roles: ['admin'], namespaces: ['*'] })).status,
    ).toBe(409);
    expect((await admin.request('DELETE', '/tokens/viewer')).status).toBe(409);
    expect((await admin.request('GET', '/whoami', undefined, bearer('viewer'))).status).toBe(200);
  });

  it('lets only admins of every namespace mint tokens, so no one grants more than they hold', async () => {
    const res = await admin
      .as('admin-a')
      .request('PUT', '/tokens/escalate', { roles: ['admin'], namespaces: ['*'] });

    expect(res.status).toBe(403);
    expect((await admin.request('GET', '/tokens')).body).not.toContainEqual(
      expect.objectContaining({ name: 'escalate' }),
    );
  });

  it('answers 429 with Retry-After once a caller exceeds its limit, without slowing other callers', async () => {
    // The `throttled` token's file entry allows a burst of 5 and 1 request per second.
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${admin.url}/whoami`, { headers: bearer('throttled') });
      statuses.push(res.status);
      if (res.status === 429) {
        limited = res;
      }
    }

    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toContain(429);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited!.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    expect((await admin.as('viewer').request('GET', '/whoami')).status).toBe(200);
  });
});
