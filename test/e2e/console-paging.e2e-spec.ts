import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newNamespace } from '../factories/device.factory';
import { tokenOf } from '../support/auth';
import { launchBrowser, signedInPage } from '../support/browser';
import { ManagementClient } from '../support/management-client';

/** The console's cursor paging in a real browser, on the audit trail: 50 entries a page, newest first. */
describe('operator console: paging', { timeout: 120_000 }, () => {
  const origin = inject('configServiceUrl');
  const management = new ManagementClient();
  const ns = newNamespace('paging');
  // One more audited write than a page holds, so the namespace's trail has a second page of five.
  const writes = 55;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    for (let i = 0; i < writes; i++) {
      const put = await management.request('PUT', `/namespaces/${ns}/configmaps/cm-${i}`, { data: {} });
      expect(put.status).toBe(201);
    }
    browser = await launchBrowser();
    page = await signedInPage(browser, origin, tokenOf('admin'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** The configmaps named in the table's rows, in order. */
  const listed = async (): Promise<string[]> => {
    const text = (await page.getByTestId('audit-table').locator('tbody').innerText()) ?? '';
    return [...text.matchAll(/configmaps\/(cm-\d+)/g)].map((m) => m[1]);
  };

  it('pages the audit trail older and back newer, naming the buttons after time', async () => {
    await page.goto(`${origin}/console/audit?namespace=${ns}`);
    await expect.poll(listed, { timeout: 15_000 }).toHaveLength(50);
    const first = await listed();
    expect(first[0]).toBe(`cm-${writes - 1}`);
    const newer = page.getByRole('button', { name: 'Newer entries' });
    const older = page.getByRole('button', { name: 'Older entries' });
    await expect.poll(() => newer.isDisabled()).toBe(true);

    await older.click();
    await expect.poll(listed).toEqual(['cm-4', 'cm-3', 'cm-2', 'cm-1', 'cm-0']);
    await page.getByText('Page 2').waitFor();
    await expect.poll(() => older.isDisabled()).toBe(true);

    await newer.click();
    await expect.poll(listed).toEqual(first);
    await page.getByText('Page 1').waitFor();
  });
});
