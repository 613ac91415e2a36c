import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from './chromium.ts';
import { testDatabaseUrl } from '../../server/test/helpers.ts';
import { startServerProcess, stopProcess } from '../../server/test/server-process.ts';

export const WEB_ROOT = path.resolve(import.meta.dirname, '..');
const REPO = path.resolve(WEB_ROOT, '../..');
/** Screenshots of the main pages, for anyone to look at what a person sees (ignored by git). */
export const SCREENSHOTS = path.join(REPO, 'test-artifacts', 'screenshots');

export { launchChromium };

/** The built console and portal: built here when missing, so the suite tests what `npm start` serves. */
export function ensureWebBuilt() {
  if (
    existsSync(path.join(WEB_ROOT, 'dist', 'index.html')) &&
    existsSync(path.join(WEB_ROOT, 'dist', 'console', 'index.html'))
  )
    return;
  const r = spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
    cwd: WEB_ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('vite build failed');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Logs a member of staff in through the login form. */
export async function logIn(page: Page, baseUrl: string, username: string, password = 'Demo@2026pass') {
  await page.goto(`${baseUrl}/console/login`);
  await page.getByLabel(/用户名|使用者名稱|Username/).fill(username);
  await page.getByLabel(/^(密码|密碼|Password)$/).fill(password);
  await page.getByRole('button', { name: /登\s*录|登\s*入|Log in/ }).click();
  await page.getByTestId('whoami').waitFor();
}

export interface E2eWorld {
  browser: Browser;
  db: pg.Client;
  base: string;
  /** Restarts the server on the same database, port and files with another pinned day: a week passes. */
  moveTo(day: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real server process (with its worker) on a fresh copy of the seeded template, and Chromium.
 * The day is pinned (default 2026-09-30) so that clocks and screenshots are the same on every run;
 * null runs on today's date.
 */
export async function startE2eWorld(opts: { pinnedDay?: string | null } = {}): Promise<E2eWorld> {
  const pinnedDay = opts.pinnedDay === undefined ? '2026-09-30' : opts.pinnedDay;
  ensureWebBuilt();
  const databaseUrl = await testDatabaseUrl();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'grassroots-e2e-'));
  // with its job worker, as deployed: the deadline scan at start turns the back-dated cases yellow and red
  const start = (day: string | null) =>
    startServerProcess({
      databaseUrl,
      port,
      dataDir,
      args: ['start', '--with-worker'],
      env: { GRASSROOTS_TODAY: day ?? '', GRASSROOTS_SMS: 'demo' },
    });
  let server = await start(pinnedDay);
  const browser = await launchChromium();
  return {
    browser,
    db,
    base: server.url,
    async moveTo(day) {
      await stopProcess(server.proc);
      server = await start(day);
    },
    async stop() {
      await browser.close();
      await stopProcess(server.proc);
      await db.end();
    },
  };
}

/** Picks an option in the open Ant Design dropdown and waits until the dropdown has closed (it animates over what lies below). */
export async function pickOption(page: Page, text: string | RegExp, multiple = false) {
  const dropdown = page.locator('.ant-select-dropdown:visible');
  await dropdown.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
  // a multiple select stays open for the next choice: nothing to wait for
  if (multiple) return;
  await dropdown
    .first()
    .waitFor({ state: 'hidden', timeout: 10_000 })
    .catch(() => undefined);
  // the leave animation ends after the element counts as hidden: let it finish before the next click
  await page.waitForTimeout(300);
}

/** Types into a searchable Ant Design select and takes the first match with Enter, then checks what it shows. */
export async function searchAndPick(
  page: Page,
  combobox: ReturnType<Page['getByRole']>,
  typed: string,
  expected: string,
) {
  await combobox.click();
  await combobox.fill(typed);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: expected })
    .first()
    .waitFor();
  await combobox.press('Enter');
  const shown = () =>
    combobox.evaluate((el) => el.closest('.ant-select')?.textContent ?? '', undefined, { timeout: 2_000 });
  for (let i = 0; i < 50 && !(await shown()).includes(expected); i++) await page.waitForTimeout(100);
  if (!(await shown()).includes(expected)) throw new Error(`select shows "${await shown()}", not ${expected}`);
  await page.waitForTimeout(300);
}

/** A fresh browser context with a member of staff logged in to the console. */
export async function staffPage(
  browser: Browser,
  base: string,
  username: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    reducedMotion: 'reduce',
    viewport: { width: 1366, height: 900 },
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  // a crash in the page shows as "Something went wrong" on the screenshot: say why in the test output
  page.on('pageerror', (e) => process.stderr.write(`[${username} page error] ${e.message}\n${e.stack ?? ''}\n`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      process.stderr.write(`[${username} console error] ${m.text().slice(0, 2000)}\n`);
  });
  await logIn(page, base, username);
  return { context, page };
}

/** Takes an action on the open case page through its form, and waits for it on the timeline. */
export async function takeAction(
  page: Page,
  code: string,
  fill: (form: ReturnType<Page['getByTestId']>) => Promise<void> = async () => {},
  leavesReach = false,
) {
  await page.getByTestId('case-timeline').waitFor();
  const before = await page.getByTestId('case-timeline').locator('.ant-timeline-item').count();
  await page.locator(`[data-action="${code}"]`).click();
  const form = page.getByTestId(`action-form-${code}`);
  await form.waitFor();
  await fill(form);
  await form.getByRole('button', { name: /提交|Submit/ }).click();
  // a transfer out of the department takes the case out of the clerk's reach: the console goes back to the inbox
  if (leavesReach) await page.waitForURL(/\/console\/inbox/);
  else {
    try {
      await expect.poll(() => page.getByTestId('case-timeline').locator('.ant-timeline-item').count()).toBe(before + 1);
    } catch (e) {
      await screenshot(page, `failed-${code}`);
      throw e;
    }
  }
}

/** Picks an option of a labelled select inside a form. */
export async function choose(
  page: Page,
  form: ReturnType<Page['getByTestId']>,
  label: string,
  option: string,
  search = false,
) {
  const box = form.getByRole('combobox', { name: label, exact: true });
  if (search) return searchAndPick(page, box, option, option);
  await box.click();
  await pickOption(page, option);
}
