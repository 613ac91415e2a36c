import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { type Browser, chromium, type Page } from 'playwright-core';
import { testDatabaseUrl } from '../../server/test/helpers.ts';
import { startServerProcess, stopProcess } from '../../server/test/server-process.ts';

export const WEB_ROOT = path.resolve(import.meta.dirname, '..');
const REPO = path.resolve(WEB_ROOT, '../..');
/** Screenshots of the main pages, for anyone to look at what a person sees (ignored by git). */
export const SCREENSHOTS = path.join(REPO, 'test-artifacts', 'screenshots');

/** Debian's Chromium, with the flags this sandbox needs (no network beyond localhost, no GPU). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`${executablePath} not found: install Debian's chromium and fonts-noto-cjk (.ci/run does)`);
  return chromium.launch({
    executablePath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=zh-CN'],
  });
}

/** The built console and portal: built here when missing, so the suite tests what `npm start` serves. */
export function ensureWebBuilt() {
  if (existsSync(path.join(WEB_ROOT, 'dist', 'index.html')) && existsSync(path.join(WEB_ROOT, 'dist', 'console', 'index.html'))) return;
  const r = spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: WEB_ROOT, stdio: 'inherit' });
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

export interface E2eWorld { browser: Browser; db: pg.Client; base: string; stop(): Promise<void> }

/**
 * A fresh copy of the demo-seeded template database, a real server process on it, Chromium.
 * The day is pinned by default: the National Day holidays fall inside the limits, and no run
 * depends on the date it runs; unpinned, the demo's back-dated cases are overdue as they were
 * seeded. The demo SMS transport shows residents' codes on the page.
 */
export async function startE2eWorld(opts: { pinnedDay?: string | null } = {}): Promise<E2eWorld> {
  const pinnedDay = opts.pinnedDay === undefined ? '2026-09-30' : opts.pinnedDay;
  ensureWebBuilt();
  const databaseUrl = await testDatabaseUrl();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  // with its job worker, as deployed: the deadline scan at start turns the back-dated cases yellow and red
  const server = await startServerProcess({ databaseUrl, port: await freePort(), args: ['start', '--with-worker'], env: { GRASSROOTS_TODAY: pinnedDay ?? '', GRASSROOTS_SMS: 'demo' } });
  const browser = await launchChromium();
  return {
    browser, db, base: server.url,
    async stop() {
      await browser.close();
      await stopProcess(server.proc);
      await db.end();
    },
  };
}

/** Picks an option in the open Ant Design dropdown and waits until the dropdown has closed (it animates over what lies below). */
export async function pickOption(page: Page, text: string | RegExp) {
  const dropdown = page.locator('.ant-select-dropdown:visible');
  await dropdown.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
  await dropdown.first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  // the leave animation ends after the element counts as hidden: let it finish before the next click
  await page.waitForTimeout(300);
}

/** Types into a searchable Ant Design select and takes the first match with Enter, then checks what it shows. */
export async function searchAndPick(page: Page, combobox: ReturnType<Page['getByRole']>, typed: string, expected: string) {
  await combobox.click();
  await combobox.fill(typed);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: expected }).first().waitFor();
  await combobox.press('Enter');
  const shown = () => combobox.evaluate((el) => el.closest('.ant-select')?.textContent ?? '', undefined, { timeout: 2_000 });
  for (let i = 0; i < 50 && !(await shown()).includes(expected); i++) await page.waitForTimeout(100);
  if (!(await shown()).includes(expected)) throw new Error(`select shows "${await shown()}", not ${expected}`);
  await page.waitForTimeout(300);
}
