import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newDeviceId, newNamespace } from '../factories/device.factory';
import { tokenOf } from '../support/auth';
import { launchBrowser, screenshot, seriousAxeViolations, signIn } from '../support/browser';
import { DeviceJourney } from '../support/device-journey';

/** The console's Rollouts page in a real browser: a rollout waiting for approval, approved from the page. */
describe('operator console: rollouts', () => {
  const origin = inject('configServiceUrl');
  const journey = new DeviceJourney();
  const { management } = journey;
  const ns = newNamespace('cro');
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    for (const id of [newDeviceId('cr0'), newDeviceId('cr1')]) {
      await journey.registered(ns, id, { labels: { app: 'cam' } });
    }
    const policy = { batches: [{ limit: 1, approval: 'manual' }] };
    expect((await management.request('PUT', `/namespaces/${ns}/rollout-policy`, policy)).status).toBe(201);
    const workload = {
      deviceSelector: { matchLabels: { app: 'cam' } },
      type: 'pod',
      pod: { spec: { containers: [{ name: 'app', image: 'acme/cam:1' }] } },
    };
    expect((await management.request('PUT', `/namespaces/${ns}/workloads/cam`, workload)).status).toBe(201);
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists the rollout with its counts, approves its batch, and shows the batches', async () => {
    await signIn(page, origin, tokenOf('admin'));
    await page.goto(`${origin}/console/rollouts?ns=${ns}`);
    await page.getByRole('heading', { name: 'Rollouts', level: 1 }).waitFor();

    const row = page.getByTestId('rollouts-table').locator('tbody tr').first();
    await expect.poll(() => row.textContent()).toContain('waiting-approval');
    expect(await row.textContent()).toContain('put workloads/cam');
    const violations = await seriousAxeViolations(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);

    await row.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('progressing');
    await row.locator('td').first().click();
    const batches = page.getByTestId('rollout-batches').locator('tbody tr');
    await expect.poll(() => batches.count()).toBe(2);
    // Batch 1: one device, served the change (updated), pending its heartbeat.
    expect((await batches.first().locator('td').allTextContents()).slice(2)).toEqual([
      '1',
      '1',
      '0',
      '0',
      '1',
    ]);
    await screenshot(page, 'rollouts');
  });
});
