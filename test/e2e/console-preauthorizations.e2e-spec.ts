import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { enrolmentBody, newDeviceId } from '../factories/device.factory';
import { TEAM_A, tokenOf } from '../support/auth';
import { launchBrowser, seriousAxeViolations, signedInPage } from '../support/browser';
import { DeviceJourney } from '../support/device-journey';

/** The console's pre-authorisations page in a real browser: import, the states, delete. */
describe('operator console: pre-authorisations', { timeout: 120_000 }, () => {
  const origin = inject('configServiceUrl');
  const journey = new DeviceJourney();
  // A caller of team-a only: the page lists that namespace's pre-authorisations alone, whatever other tests add.
  const ns = TEAM_A;
  const [enrolling, kept, removed] = [newDeviceId('conpre'), newDeviceId('conpre'), newDeviceId('conpre')];
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await signedInPage(browser, origin, tokenOf('operator-a'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('imports CSV, names a bad line, and lists what was imported with its state', async () => {
    await page.getByRole('link', { name: 'Pre-authorisations' }).click();
    await page.getByRole('heading', { name: 'Pre-authorisations', level: 1 }).waitFor();
    const textarea = page.locator('#preauth-import textarea, textarea#preauth-import').first();

    await textarea.fill(`deviceId,namespace,labels\n${enrolling},${ns},site=lab\n${kept},Bad_NS,\n`);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const refused = page.getByLabel('Refused rows');
    await expect.poll(() => refused.textContent()).toContain('line 3');
    expect((await journey.management.request('GET', `/preauthorizations/${enrolling}`)).status).toBe(404);

    await textarea.fill(`${enrolling},${ns},site=lab\n${kept},${ns},\n${removed},${ns},\n`);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.getByTestId('import-result').textContent()).toContain('3 created');
    await expect.poll(() => page.getByTestId(`state-${kept}`).textContent()).toBe('active');
    const violations = await seriousAxeViolations(page);
    expect(violations, JSON.stringify(violations)).toEqual([]);
  });

  it('shows a pre-authorisation used once its device enrolled, and deletes one', async () => {
    expect((await journey.edge.enrol(ns, enrolling, enrolmentBody(ns))).status).toBe(201);
    await journey.waitForState(ns, enrolling, 'approved');
    await page.reload();
    await expect.poll(() => page.getByTestId(`state-${enrolling}`).textContent()).toBe('used');

    await page.getByRole('button', { name: `Delete ${removed}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByTestId(`state-${removed}`).count()).toBe(0);
    expect((await journey.management.request('GET', `/preauthorizations/${removed}`)).status).toBe(404);
    expect((await journey.management.request('GET', `/preauthorizations/${kept}`)).status).toBe(200);
  });
});
