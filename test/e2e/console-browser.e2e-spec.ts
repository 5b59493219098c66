import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { enrolmentBody, newDeviceId, newNamespace, registrationBody } from '../factories/device.factory';
import { tokenOf } from '../support/auth';
import { launchBrowser, screenshot, seriousAxeViolations, signIn } from '../support/browser';
import { EdgeApiClient } from '../support/edge-api-client';
import { ManagementClient } from '../support/management-client';
import { SimulatedDevice } from '../support/simulated-device';
import { waitFor } from '../support/wait-for';

/**
 * The operator console in a real browser (Debian's chromium, headless) against the running system, with a
 * simulated device enrolling, registering and sending heartbeats through the Edge API.
 */
describe('operator console', () => {
  const origin = inject('configServiceUrl');
  const management = new ManagementClient();
  const edge = new EdgeApiClient();
  const ns = newNamespace('console');
  const deviceId = newDeviceId('console');
  const label = `console-${ns.slice(-8)}`;
  // A token minted for this run: the audit trail must show the actions by its name.
  const operatorName = `console-${ns.slice(-8)}`;
  let operatorToken = '';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let device: SimulatedDevice | undefined;

  beforeAll(async () => {
    const minted = await management.request<{ token: string }>('PUT', `/tokens/${operatorName}`, {
      roles: ['admin'],
      namespaces: ['*'],
    });
    expect(minted.status).toBe(201);
    operatorToken = minted.body.token;
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    // Page loads on a loaded machine outlast Playwright's 30 s default; the test's own timeout still bounds it.
    context.setDefaultTimeout(60_000);
    page = await context.newPage();
  });

  afterAll(async () => {
    await device?.stop();
    await browser?.close();
  });

  const url = (path: string): string => `${origin}/console${path}`;

  async function expectAccessible(p: Page, what: string): Promise<void> {
    const violations = await seriousAxeViolations(p);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }

  it('refuses a wrong token with a message, signs in with a right one and keeps it out of the URL', async () => {
    await page.goto(url('/'));
    await page.waitForURL(/\/console\/sign-in\?next=/);
    await page.getByLabel('Bearer token').fill('not-a-token-at-all');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toContain('UNAUTHENTICATED');
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
    await screenshot(page, 'sign-in');
    await expectAccessible(page, 'sign-in');

    await signIn(page, origin, operatorToken);
    expect(page.url()).toBe(url('/'));
    expect(page.url()).not.toContain(operatorToken);
    expect(await page.getByTestId('whoami').textContent()).toContain(operatorName);
    expect(await page.evaluate<string[]>('Object.values(sessionStorage)')).toContain(operatorToken);
  });

  it('shows a new enrolment within 5 s without a reload; approved with a label, it registers and shows online and in sync', async () => {
    await page.goto(url('/enrolments'));
    await page.getByRole('heading', { name: 'Enrolments', level: 1 }).waitFor();
    const row = page.getByTestId(`enrolment-${deviceId}`);
    expect(await row.count()).toBe(0);

    expect((await edge.enrol(ns, deviceId, enrolmentBody(ns))).status).toBe(201);
    await row.waitFor({ timeout: 5000 });
    expect(await row.textContent()).toContain(ns);
    await screenshot(page, 'enrolments');
    await expectAccessible(page, 'enrolments');

    await row.getByRole('button', { name: `Approve ${deviceId}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Labels').fill(`app=${label}`);
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByTestId('decision-outcome').waitFor();
    await row.waitFor({ state: 'detached' });

    // The device's agent: asks until approved, registers, then heartbeats with the version it is served.
    await waitFor(async () => (await edge.registrationStatus('default', deviceId)).status === 200, {
      what: `${deviceId} approved`,
    });
    expect((await edge.register(ns, deviceId, registrationBody())).status).toBe(200);
    device = new SimulatedDevice(ns, deviceId);
    device.start();

    await page.goto(url(`/devices?ns=${ns}`));
    const deviceRow = page.getByTestId(`device-${deviceId}`);
    await expect
      .poll(async () => (await deviceRow.count()) > 0 && ((await deviceRow.textContent()) ?? ''), {
        timeout: 30_000,
      })
      .toMatch(/registered.*online.*in sync/);
    expect(await deviceRow.textContent()).not.toContain('not in sync');
    await screenshot(page, 'devices');
    await expectAccessible(page, 'devices');

    await deviceRow.getByRole('link', { name: deviceId }).click();
    await page.getByRole('heading', { name: deviceId, level: 1 }).waitFor();
    expect(await page.getByTestId('device-labels').textContent()).toContain(`app=${label}`);
    await page.reload();
    await page.getByRole('heading', { name: deviceId, level: 1 }).waitFor();
    await screenshot(page, 'device');
    await expectAccessible(page, 'device detail');
  });

  it('shows the overview with the device counted online', async () => {
    await page.goto(url('/'));
    await expect
      .poll(async () => page.getByTestId('presence-chart').getAttribute('aria-label'), { timeout: 15_000 })
      .toContain(`${ns}: 1 online`);
    await screenshot(page, 'overview');
    await expectAccessible(page, 'overview');
  });

  const workloadYaml = (extra = ''): string =>
    [
      'deviceSelector:',
      '  matchLabels:',
      `    app: ${label}`,
      'type: pod',
      'pod:',
      '  spec:',
      '    containers:',
      '      - name: web',
      '        image: quay.io/bitnami/nginx:latest',
      extra,
    ].join('\n');

  it('creates a workload in the editor: the preview lists the device, saving moves its desired version and it comes back in sync', async () => {
    const before = (await management.device<{ desiredConfigVersion: string }>(ns, deviceId)).body;
    await page.goto(url(`/catalogue/workloads/${ns}/_new`));
    await page.getByLabel('Name').fill('web');
    await page.getByLabel('workload specification').fill(workloadYaml());
    await page.getByRole('button', { name: 'Preview targeted devices' }).click();
    await page.getByTestId('preview-devices').waitFor();
    expect(await page.getByTestId('preview-devices').textContent()).toContain(deviceId);
    await screenshot(page, 'workload-editor');
    await expectAccessible(page, 'workload editor');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('save-outcome').waitFor();
    await page.waitForURL(url(`/catalogue/workloads/${ns}/web`));
    const moved = await waitFor(
      async () => {
        const d = (await management.device<{ desiredConfigVersion: string }>(ns, deviceId)).body;
        return Number(d.desiredConfigVersion) > Number(before.desiredConfigVersion) ? d : undefined;
      },
      { what: 'desired version moved' },
    );

    await page.goto(url(`/devices?ns=${ns}`));
    const deviceRow = page.getByTestId(`device-${deviceId}`);
    await expect
      .poll(async () => ((await deviceRow.count()) > 0 ? await deviceRow.textContent() : ''), {
        timeout: 30_000,
        message: `the device's agent last saw: ${device?.last}`,
      })
      .toMatch(new RegExp(`${moved.desiredConfigVersion} / ${moved.desiredConfigVersion}\\s*in sync.*1 / 1`));

    await page.goto(url(`/devices/${ns}/${deviceId}`));
    const rendered = page.getByTestId('rendered-configuration');
    await rendered.waitFor();
    expect(await rendered.textContent()).toContain('quay.io/bitnami/nginx:latest');

    await page.goto(url(`/catalogue/workloads?ns=${ns}`));
    await page.getByTestId('resource-web').waitFor();
    await screenshot(page, 'catalogue');
    await expectAccessible(page, 'catalogue');
  });

  it('shows a missing secret next to the field it names and stores nothing', async () => {
    await page.goto(url(`/catalogue/workloads/${ns}/_new`));
    await page.getByLabel('Name').fill('broken');
    const text = workloadYaml(
      [
        '        env:',
        '          - name: PASSWORD',
        '            valueFrom:',
        '              secretKeyRef:',
        '                name: no-such-secret',
        '                key: password',
      ].join('\n'),
    );
    await page.getByLabel('workload specification').fill(text);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const errors = page.getByTestId('field-errors');
    await errors.waitFor();
    const line = text.split('\n').indexOf('              secretKeyRef:') + 1;
    expect(await errors.textContent()).toContain(
      `Line ${line}: pod.spec.containers[0].env[0].valueFrom.secretKeyRef: secret "no-such-secret" does not exist`,
    );
    expect(await page.locator(`[data-error-line="${line}"]`).count()).toBe(1);
    expect(await page.getByTestId('error-alert').textContent()).toMatch(/INVALID_REFERENCE.*Correlation ID/);
    await screenshot(page, 'validation-error');
    await expectAccessible(page, 'editor with a validation error');
    expect((await management.request('GET', `/namespaces/${ns}/workloads/broken`)).status).toBe(404);
  });

  it("lists these actions in the audit trail by the token's name", async () => {
    await page.goto(url(`/audit?actor=token:${operatorName}`));
    const table = page.getByTestId('audit-table');
    await expect
      .poll(async () => ((await table.count()) > 0 ? await table.textContent() : ''), { timeout: 15_000 })
      .toMatch(new RegExp(`token:${operatorName}.*token:${operatorName}`));
    const text = (await table.textContent()) ?? '';
    expect(text).toContain(`workloads/web`);
    expect(text).toContain(deviceId);
    expect(text).not.toContain('token:admin');
    await screenshot(page, 'audit');
    await expectAccessible(page, 'audit');
  });

  it('has no serious or critical accessibility violation on the other pages', async () => {
    for (const [path, heading, name] of [
      ['/apply', 'Apply manifests', 'apply'],
      ['/rules', 'Rules and policies', 'rules'],
      ['/tokens', 'Tokens', 'tokens'],
      [`/catalogue/secrets?ns=${ns}`, 'Catalogue', 'secrets'],
      [`/catalogue/device-specs?ns=${ns}`, 'Catalogue', 'device-specs'],
      ['/no-such-page', 'Page not found', 'not-found'],
    ] as const) {
      await page.goto(url(path));
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.waitForFunction(
        () =>
          !(
            globalThis as unknown as { document: { querySelector(s: string): unknown } }
          ).document.querySelector('[aria-label="Loading"]'),
      );
      if (name === 'rules' || name === 'tokens') {
        await screenshot(page, name);
      }
      await expectAccessible(page, name);
    }
  });

  it('shows a viewer no approve, edit or delete control, and the server refuses a forged request', async () => {
    const viewerContext = await browser.newContext();
    // Page loads on a loaded machine outlast Playwright's 30 s default; the test's own timeout still bounds it.
    viewerContext.setDefaultTimeout(60_000);
    const viewer = await viewerContext.newPage();
    try {
      await signIn(viewer, origin, tokenOf('viewer'));
      const other = newDeviceId('console-v');
      expect((await edge.enrol(ns, other, enrolmentBody(ns))).status).toBe(201);
      await viewer.goto(url('/enrolments'));
      await viewer.getByTestId(`enrolment-${other}`).waitFor({ timeout: 5000 });
      expect(await viewer.getByRole('button', { name: /^(Approve|Reject)( |$)/ }).count()).toBe(0);

      await viewer.goto(url(`/devices/${ns}/${deviceId}`));
      await viewer.getByRole('heading', { name: deviceId, level: 1 }).waitFor();
      await viewer.getByTestId('device-labels').waitFor();
      expect(await viewer.getByRole('button', { name: /Edit labels|Decommission/ }).count()).toBe(0);

      // The controls are hidden, but the server decides: the same call made by hand is refused.
      const forged = await viewer.evaluate(async (id) => {
        const { sessionStorage } = globalThis as unknown as {
          sessionStorage: { getItem(k: string): string };
        };
        const res = await fetch(`/api/v1/enrolments/${id}/approve`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${sessionStorage.getItem('flotta.console.token')}`,
            'content-type': 'application/json',
          },
          body: '{}',
        });
        return { status: res.status, body: (await res.json()) as { code: string } };
      }, other);
      expect(forged).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
      expect((await management.request<{ state: string }[]>('GET', '/enrolments')).status).toBe(200);
      await expectAccessible(viewer, 'enrolments as viewer');
    } finally {
      await viewerContext.close();
    }
  });

  it('returns to sign-in with the reason when the token stops working', async () => {
    const ctx = await browser.newContext();
    // Page loads on a loaded machine outlast Playwright's 30 s default; the test's own timeout still bounds it.
    ctx.setDefaultTimeout(60_000);
    const p = await ctx.newPage();
    try {
      const name = `${operatorName}-short`;
      const minted = await management.request<{ token: string }>('PUT', `/tokens/${name}`, {
        roles: ['viewer'],
        namespaces: ['*'],
      });
      await signIn(p, origin, minted.body.token);
      expect((await management.request('DELETE', `/tokens/${name}`)).status).toBe(204);
      await p.goto(url('/enrolments'));
      await p.waitForURL(/\/console\/sign-in/);
      const reason = p.getByTestId('sign-out-reason');
      await reason.waitFor();
      expect(await reason.textContent()).toContain('UNAUTHENTICATED');
      expect(await p.evaluate<string | null>(`sessionStorage.getItem('flotta.console.token')`)).toBeNull();
    } finally {
      await ctx.close();
    }
    // Three page loads and a sign-in in a fresh browser context: slow on a loaded machine.
  }, 120_000);
});
