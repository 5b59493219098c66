import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newNamespace } from '../factories/device.factory';
import { ManagementClient } from '../support/management-client';
import { TEST_OIDC, TEST_PORTS } from '../support/test-env';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

interface SignOptions {
  key?: KeyPair['privateKey'];
  issuer?: string;
  audience?: string;
  expiresIn?: string;
}

/**
 * A local OIDC issuer: discovery and a JWKS served over HTTP, and tokens signed with its key. The config service
 * under test trusts it (OIDC_ISSUER without OIDC_JWKS_URL, so discovery is exercised too).
 */
class LocalIssuer {
  private server?: Server;
  key!: KeyPair;
  readonly kid = 'test-key-1';

  async start(): Promise<void> {
    this.key = await generateKeyPair('RS256');
    const jwks = {
      keys: [{ ...(await exportJWK(this.key.publicKey)), kid: this.kid, alg: 'RS256', use: 'sig' }],
    };
    const base = new URL(TEST_OIDC.issuer);
    this.server = createServer((req, res) => {
      const body =
        req.url === `${base.pathname}/.well-known/openid-configuration`
          ? { issuer: TEST_OIDC.issuer, jwks_uri: `${TEST_OIDC.issuer}/protocol/openid-connect/certs` }
          : req.url === `${base.pathname}/protocol/openid-connect/certs`
            ? jwks
            : undefined;
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => this.server!.listen(TEST_PORTS.oidcIssuer, '127.0.0.1', resolve));
    expect((this.server.address() as AddressInfo).port).toBe(TEST_PORTS.oidcIssuer);
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  sign(claims: JWTPayload, { key, issuer, audience, expiresIn }: SignOptions = {}): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.kid })
      .setIssuer(issuer ?? TEST_OIDC.issuer)
      .setAudience(audience ?? TEST_OIDC.audience)
      .setIssuedAt()
      .setExpirationTime(expiresIn ?? '5m')
      .sign(key ?? this.key.privateKey);
  }
}

const unsignedToken = (claims: JWTPayload): string =>
  [{ alg: 'none' }, claims].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') +
  '.c2ln';

describe('management API with OIDC access tokens', () => {
  const issuer = new LocalIssuer();
  const anonymous = new ManagementClient(null);
  const call = (token: string, method: string, path: string, body?: unknown) =>
    anonymous.request(method, path, body, { authorization: `Bearer ${token}` });
  const operatorOfA = (sub = 'alice') =>
    issuer.sign({
      sub,
      realm_access: { roles: ['flotta-operators', 'unrelated-role'] },
      namespaces: ['team-a'],
    });

  beforeAll(() => issuer.start());
  afterAll(() => issuer.stop());

  it('maps the subject, the mapped roles and the namespaces of a valid token', async () => {
    const res = await call(await operatorOfA(), 'GET', '/whoami');

    expect(res).toMatchObject({
      status: 200,
      body: { actor: 'oidc:alice', kind: 'oidc', roles: ['operator'], namespaces: ['team-a'] },
    });
  });

  it('lets the mapped role act in its namespaces only, and records the subject in the audit trail', async () => {
    const token = await operatorOfA('bob');
    const ns = 'team-a';
    expect(
      (await call(token, 'PUT', `/namespaces/${ns}/configmaps/oidc-cfg`, { data: { A: '1' } })).status,
    ).toBe(201);
    expect(
      (await call(token, 'PUT', `/namespaces/${newNamespace()}/configmaps/x`, { data: {} })).status,
    ).toBe(403);
    expect((await call(token, 'PUT', `/namespaces/${ns}/secrets/s`, { stringData: { a: 'b' } })).status).toBe(
      403,
    );

    const audit = await new ManagementClient().request<{ items: { actor: string; resource: string }[] }>(
      'GET',
      `/audit?actor=oidc:bob&namespace=${ns}`,
    );
    expect(audit.body.items.map((e) => e.resource)).toEqual(['secrets/s', 'configmaps/oidc-cfg']);
  });

  it('gives no role for claims outside the role map', async () => {
    const token = await issuer.sign({
      sub: 'mallory',
      realm_access: { roles: ['admin'] },
      namespaces: ['*'],
    });

    expect((await call(token, 'GET', '/whoami')).body).toMatchObject({ roles: [] });
    expect((await call(token, 'GET', '/namespaces/team-a/workloads')).status).toBe(403);
  });

  it.each([
    [
      'expired',
      () => issuer.sign({ sub: 'x', realm_access: { roles: ['flotta-admins'] } }, { expiresIn: '-10m' }),
    ],
    ['for another audience', () => issuer.sign({ sub: 'x' }, { audience: 'someone-else' })],
    ['from another issuer', () => issuer.sign({ sub: 'x' }, { issuer: 'http://127.0.0.1:1/evil' })],
    [
      'signed by an unknown key',
      async () => issuer.sign({ sub: 'x' }, { key: (await generateKeyPair('RS256')).privateKey }),
    ],
    [
      'signed with a shared secret (HS256)',
      () =>
        new SignJWT({ sub: 'x', realm_access: { roles: ['flotta-admins'] } })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(TEST_OIDC.issuer)
          .setAudience(TEST_OIDC.audience)
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('a-secret-anyone-could-guess-000000')),
    ],
    [
      'unsigned (alg none)',
      () =>
        Promise.resolve(
          unsignedToken({ sub: 'x', iss: TEST_OIDC.issuer, aud: TEST_OIDC.audience, exp: 9e9 }),
        ),
    ],
  ])('refuses a token %s with 401', async (_, make) => {
    const res = await call(await make(), 'GET', '/whoami');

    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
  });

  it('accepts a token within the clock skew after its expiry', async () => {
    const token = await issuer.sign({ sub: 'carol', namespaces: ['team-a'] }, { expiresIn: '-10s' });

    expect((await call(token, 'GET', '/whoami')).status).toBe(200);
  });
});
