import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';

/** Debian's chromium (scripts/test.sh installs it): Playwright's own browser download cannot work here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ROOT = join(__dirname, '..', '..');
const AXE_SOURCE = readFileSync(
  createRequire(join(ROOT, 'package.json')).resolve('axe-core/axe.min.js'),
  'utf8',
);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Containers have no user namespaces for Chromium's sandbox; /dev/shm is often tiny.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** Signs `page` in to the console served at `origin` with a bearer token, and waits for the overview. */
export async function signIn(page: Page, origin: string, token: string): Promise<void> {
  await page.goto(`${origin}/console/sign-in`);
  await page.getByLabel('Bearer token').fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
}

/** A page in a desktop-sized context of its own, signed in to the console with `token`. */
export async function signedInPage(browser: Browser, origin: string, token: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
  // Page loads on a loaded machine outlast Playwright's 30 s default; the test's own timeout still bounds it.
  page.setDefaultTimeout(60_000);
  await signIn(page, origin, token);
  return page;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Runs axe-core in the page and answers its serious and critical violations. The script goes in through the
 * DevTools protocol (evaluate), which the console's Content-Security-Policy does not govern, so the page is
 * checked under its real policy.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as {
      axe: { run: (context: unknown, options: unknown) => Promise<unknown> };
      document: unknown;
    };
    const result = (await axe.run(document, { resultTypes: ['violations'] })) as {
      violations: AxeViolation[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * A screenshot of a page into `<STACK_DIR>/screenshots/`; with UPDATE_SCREENSHOTS=1 also into docs/images/,
 * where the README's current ones are committed.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dirs = [join(process.env.STACK_DIR ?? join(ROOT, '.stack', 'test'), 'screenshots')];
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    dirs.push(join(ROOT, 'docs', 'images'));
  }
  for (const dir of dirs) {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `console-${name}.png`), fullPage: false });
  }
}
