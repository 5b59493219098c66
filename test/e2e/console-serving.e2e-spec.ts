import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { newDeviceId, newNamespace } from '../factories/device.factory';
import { TEAM_A } from '../support/auth';
import { DeviceJourney } from '../support/device-journey';
import { TEST_OIDC } from '../support/test-env';
import { waitFor } from '../support/wait-for';

interface NamespaceSummary {
  namespace: string;
  states: Record<string, number>;
  presence: Record<string, number>;
  inSync: number;
  outOfSync: number;
}

/** The console's files, its settings, the browsable OpenAPI page, and the overview's counts. */
describe('console serving', () => {
  const origin = inject('configServiceUrl');
  const journey = new DeviceJourney();

  it('serves the page at /console with a CSP, index never cached, hashed assets cached for good', async () => {
    const redirect = await fetch(`${origin}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/console/');

    const index = await fetch(`${origin}/console/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    // The OIDC issuer's token endpoint is the one other origin the page may call.
    expect(csp).toContain(`connect-src 'self' ${new URL(TEST_OIDC.issuer).origin}`);
    const html = await index.text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();

    const asset = await fetch(`${origin}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const missing = await fetch(`${origin}/console/assets/index-gone.js`);
    expect(missing.status).toBe(404);
  });

  it('loads under 400 KB of gzipped JavaScript at first, each page in its own chunk', async () => {
    const html = await (await fetch(`${origin}/console/`)).text();
    // The entry script and what it preloads; pages come later, on navigation.
    const initial = [...html.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(initial.length).toBeGreaterThan(0);
    let gzipped = 0;
    for (const path of initial) {
      gzipped += gzipSync(Buffer.from(await (await fetch(`${origin}${path}`)).arrayBuffer())).length;
    }
    expect(gzipped).toBeLessThan(400 * 1024);
    expect(html).not.toMatch(/overview\.page|devices\.page/);
  });

  it('answers a deep link with the page, so a reload stays where it was', async () => {
    const index = await (await fetch(`${origin}/console/`)).text();
    const deep = await fetch(`${origin}/console/devices/team-a/dev-1?tab=events`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe(index);
  });

  it('tells the page where to sign in with OIDC, and nothing secret', async () => {
    const res = await fetch(`${origin}/console/settings.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      apiBase: '/api/v1',
      apiDocs: '/api/docs',
      oidc: { issuer: TEST_OIDC.issuer, clientId: TEST_OIDC.audience, scope: 'openid profile' },
    });
  });

  it('serves the OpenAPI document as Swagger UI at /api/docs and as JSON at /api/docs-json', async () => {
    const page = await fetch(`${origin}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('swagger-ui');
    const init = await fetch(`${origin}/api/docs/swagger-ui-init.js`);
    expect(init.status).toBe(200);
    const json = await fetch(`${origin}/api/docs-json`);
    expect(((await json.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty(
      '/api/v1/fleet-summary',
    );
  });

  it('counts devices per namespace by state and presence, in sync or not, within the caller’s namespaces', async () => {
    const ns = newNamespace('summary');
    const registered = newDeviceId('sum');
    const pending = newDeviceId('sum');
    await journey.registered(ns, registered);
    await journey.enrolPending(ns, pending);
    const summary = await waitFor(
      async () => {
        const res = await journey.management.request<{
          namespaces: NamespaceSummary[];
          pendingEnrolments: number;
        }>('GET', '/fleet-summary');
        const mine = res.body.namespaces.find((n) => n.namespace === ns);
        return mine?.states.registered === 1 && mine.states.pending === 1 ? res.body : undefined;
      },
      { what: 'both devices counted' },
    );
    const mine = summary.namespaces.find((n) => n.namespace === ns)!;
    expect(mine.states).toEqual({ registered: 1, pending: 1 });
    // Presence and sync count registered devices only; without a heartbeat it is not in sync.
    expect(Object.values(mine.presence).reduce((a, b) => a + b, 0)).toBe(1);
    expect({ inSync: mine.inSync, outOfSync: mine.outOfSync }).toEqual({ inSync: 0, outOfSync: 1 });
    expect(summary.pendingEnrolments).toBeGreaterThanOrEqual(1);

    const scoped = await journey.management
      .as('viewer-a')
      .request<{ namespaces: NamespaceSummary[] }>('GET', '/fleet-summary');
    expect(scoped.status).toBe(200);
    expect(scoped.body.namespaces.every((n) => n.namespace === TEAM_A)).toBe(true);
    expect((await journey.management.as(null).request('GET', '/fleet-summary')).status).toBe(401);
  });
});

describe('rendered configuration', () => {
  const journey = new DeviceJourney();

  it('shows what a device is served with every secret value masked', async () => {
    const ns = newNamespace('rendered');
    const id = newDeviceId('rendered');
    await journey.registered(ns, id, { labels: { app: 'cam' } });
    const { management } = journey;
    expect(
      (
        await management.request('PUT', `/namespaces/${ns}/secrets/db`, {
          stringData: { password: 'hunter2-xyz' },
        })
      ).status,
    ).toBe(201);
    const workload = await management.request('PUT', `/namespaces/${ns}/workloads/cam`, {
      deviceSelector: { matchLabels: { app: 'cam' } },
      type: 'pod',
      pod: {
        spec: {
          containers: [
            {
              name: 'cam',
              image: 'quay.io/example/cam:1',
              env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
            },
          ],
        },
      },
    });
    expect(workload.status).toBe(201);
    const rendered = await waitFor(
      async () => {
        const res = await management.request<{
          version: string;
          configuration: { secrets?: { data: string }[] };
        }>('GET', `/namespaces/${ns}/devices/${id}/configuration`);
        return res.body.configuration?.secrets?.length ? res.body : undefined;
      },
      { what: 'the secret rendered' },
    );
    expect(rendered.configuration.secrets).toEqual([expect.objectContaining({ data: '••••••' })]);
    const text = JSON.stringify(rendered);
    expect(text).toContain('quay.io/example/cam:1');
    expect(text).not.toContain('hunter2-xyz');
    expect(text).not.toContain(Buffer.from('hunter2-xyz').toString('base64'));
    const device = await management.device<{ desiredConfigVersion: string }>(ns, id);
    expect(rendered.version).toBe(device.body.desiredConfigVersion);

    const elsewhere = await management.request(
      'GET',
      `/namespaces/${newNamespace()}/devices/${id}/configuration`,
    );
    expect(elsewhere).toMatchObject({ status: 404, body: { code: 'DEVICE_NOT_FOUND' } });
  });
});
