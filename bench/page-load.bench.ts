import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, seedDemo } from '../apps/server/src/demo/demo.seed.ts';
import { launchChromium } from '../apps/web/e2e/chromium.ts';
import {
  benchApp,
  type DbKind,
  freshDatabase,
  log,
  type Measurement,
  percentile,
  type Scale,
  startBenchServer,
} from './lib.ts';

const REPO = path.resolve(import.meta.dirname, '..');
const WEB = path.join(REPO, 'apps/web');
const DIST = path.join(WEB, 'dist');
const PORT = 3901;
const REPEATS = Number(process.env.PAGE_LOAD_REPEATS ?? 15);
const BARE = '__bench-bare.html';
const GOAL_MS = 500;

/**
 * The console in Chromium against a real server process on the demo county, as a clerk sees it:
 * - first load of the work list in a fresh browser context (empty cache, signed-in cookie):
 *   navigation start → the list's rows (or its empty text) drawn with no spinner left;
 * - navigation between console pages by their menu links: click → the page's own content drawn.
 * Baseline in the same run: a bare static HTML page served by the same server (and, for scale, the
 * login page: the console's bundle with no data). Times are taken inside the page, so the driver's
 * round trips are not counted: a load is watched from the document's start by a script the context
 * injects (a MutationObserver: the first DOM change after which the page is ready, then the frame that
 * draws it); a navigation by polling every animation frame from the click.
 */
export async function pageLoadBench(db: DbKind, scale: Scale): Promise<Measurement[]> {
  buildWebIfStale();
  const target = await freshDatabase(db, `pageload_${scale}`);
  const setup = await benchApp(target);
  await seedDemo(setup, { persons: 2000, seed: 2026 });
  await setup.close();
  writeFileSync(path.join(DIST, BARE), '<!doctype html><html><body><h1 id="bare">bare</h1></body></html>');
  const server = await startBenchServer(target, PORT);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    return await measure(browser, server.base, db, scale);
  } finally {
    await browser?.close();
    rmSync(path.join(DIST, BARE), { force: true });
    await server.stop();
  }
}

/** The pages a clerk moves between, each with what shows that it is drawn with its data. */
const PAGES: Array<{ path: string; ready: string }> = [
  { path: '/inbox', ready: '.gr-page .ant-table-row' },
  { path: '/', ready: '[data-testid="chart-status"] canvas' },
  { path: '/cases/new', ready: '[data-testid="subject-search"]' },
  { path: '/people', ready: '.gr-page .ant-table' },
  { path: '/catalogue', ready: '[data-testid="catalogue"] .ant-table-row' },
  { path: '/centre', ready: '[data-testid="bookings"]' },
  { path: '/evaluations', ready: '[data-testid="reviews"]' },
  { path: '/agency', ready: '[data-testid="packages"]' },
];

const SPINNERS = '.ant-spin-spinning, .ant-skeleton-active, .ant-spin-fullscreen';

/**
 * For a load: watches the page from its first byte (installed in the context, so it runs before the page's own
 * scripts) and records in `__drawnAt` the end of the first frame drawn after `ready` matched with no spinner left.
 * Polling from the driver instead would only start after `goto` and the CDP calls return: on a loaded machine that
 * is hundreds of ms after a fast page is already drawn (the bare page measured 0.4–0.9 s that way).
 * A string, not a function: the TypeScript runner would add its helpers to a function's source.
 */
const watchReady = (ready: string) => `(() => {
  const ready = () => !!document.querySelector(${JSON.stringify(ready)}) && !document.querySelector(${JSON.stringify(SPINNERS)});
  const seen = new MutationObserver(() => {
    if (window.__readyAt !== undefined || !ready()) return;
    window.__readyAt = performance.now();
    seen.disconnect();
    // the next frame is the one that draws it; the timer runs after that frame's paint
    requestAnimationFrame(() => setTimeout(() => (window.__drawnAt = performance.now())));
  });
  seen.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
})()`;

/** The load's time recorded by `watchReady` (ms since navigation start). */
function drawnAt(page: Page, ready: string): Promise<number> {
  return page
    .waitForFunction(() => (window as unknown as { __drawnAt?: number }).__drawnAt, undefined, { timeout: 60_000 })
    .then((h) => h.jsonValue() as Promise<number>)
    .catch(async (e: Error) => {
      const shot = path.join(tmpdir(), 'page-load-failed.png');
      await page.screenshot({ path: shot }).catch(() => {});
      throw new Error(`${ready} on ${page.url()} (screenshot ${shot}): ${e.message}`);
    });
}

/** In the page: the time (ms since navigation start) of the first frame where `ready` matches and no spinner is left. */
function readyAt(page: Page, ready: string, pathname?: string): Promise<number> {
  return page
    .waitForFunction(
      ([sel, want, spinners]) => {
        if (want && location.pathname.replace(/\/$/, '') !== want.replace(/\/$/, '')) return false;
        if (!document.querySelector(sel)) return false;
        if (document.querySelector(spinners)) return false;
        return performance.now();
      },
      [ready, pathname ?? '', SPINNERS] as const,
      { polling: 'raf', timeout: 60_000 },
    )
    .then((h) => h.jsonValue() as Promise<number>)
    .catch(async (e: Error) => {
      const shot = path.join(tmpdir(), 'page-load-failed.png');
      await page.screenshot({ path: shot }).catch(() => {});
      throw new Error(`${ready} on ${page.url()} (screenshot ${shot}): ${e.message}`);
    });
}

async function measure(browser: Browser, base: string, db: DbKind, scale: Scale): Promise<Measurement[]> {
  const fresh = (storageState?: Awaited<ReturnType<typeof signIn>>) =>
    browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 }, storageState });
  const cpu = new Map<string, number[]>();
  const coldLoads = async (url: string, ready: string, state?: Awaited<ReturnType<typeof signIn>>) => {
    const times: number[] = [];
    const busy: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const context = await fresh(state);
      await context.addInitScript(watchReady(ready));
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'commit' });
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      times.push(await drawnAt(page, ready));
      // the renderer's main thread busy time: what the page costs in CPU, less sensitive to a loaded machine
      const { metrics } = await cdp.send('Performance.getMetrics');
      busy.push(1000 * (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN));
      await context.close();
    }
    cpu.set(url, busy);
    return times;
  };

  const bare = await coldLoads(`${base}/${BARE}`, '#bare');
  log(`bare page: ${fmt(bare)}`);
  const login = await coldLoads(`${base}/console/login`, 'input#username, input[type="password"]');
  log(`login page: ${fmt(login)}`);
  const state = await signIn(browser, base);
  const workList = await coldLoads(`${base}/console/inbox`, PAGES[0]!.ready, state);
  log(`work list, first load: ${fmt(workList)}; main thread busy ${fmt(cpu.get(`${base}/console/inbox`)!)}`);

  // a warm cache: the same context loads the work list again (what a clerk's second visit costs)
  const warmContext = await fresh(state);
  await warmContext.addInitScript(watchReady(PAGES[0]!.ready));
  const warmPage = await warmContext.newPage();
  const warm: number[] = [];
  for (let i = 0; i <= REPEATS; i++) {
    await warmPage.goto(`${base}/console/inbox`, { waitUntil: 'commit' });
    const t = await drawnAt(warmPage, PAGES[0]!.ready);
    if (i > 0) warm.push(t);
  }
  await warmContext.close();
  log(`work list, reload with a warm cache: ${fmt(warm)}`);

  // navigation: round after round through the pages by their menu links; the first round loads each page's code
  const context = await fresh(state);
  const page = await context.newPage();
  await page.addInitScript(() => {
    document.addEventListener(
      'click',
      () => ((window as unknown as { __clickAt: number }).__clickAt = performance.now()),
      true,
    );
  });
  await page.goto(`${base}/console/inbox`, { waitUntil: 'commit' });
  await readyAt(page, PAGES[0]!.ready);
  const perPage = new Map<string, number[]>();
  const firstVisit: number[] = [];
  const later: number[] = [];
  for (let round = 0; round <= REPEATS; round++) {
    for (let i = 1; i <= PAGES.length; i++) {
      const p = PAGES[i % PAGES.length]!;
      const href = `/console${p.path === '/' ? '/' : p.path}`;
      const link = page.locator(`nav a[href="${href}"], header a[href="${href}"]`).first();
      await link.click();
      const at = await readyAt(page, p.ready, href);
      const ms = at - (await page.evaluate(() => (window as unknown as { __clickAt: number }).__clickAt));
      (round === 0 ? firstVisit : later).push(ms);
      if (round > 0) perPage.set(p.path, [...(perPage.get(p.path) ?? []), ms]);
    }
  }
  await context.close();
  log(`navigation, first visit of each page: ${fmt(firstVisit)}`);
  log(`navigation, later visits: ${fmt(later)}`);

  const stats = (v: number[]) => ({
    min: round1(Math.min(...v)),
    median: round1(percentile(v, 50)),
    p90: round1(percentile(v, 90)),
    max: round1(Math.max(...v)),
    n: v.length,
  });
  const baseline = {
    value: round1(percentile(bare, 50)),
    unit: 'ms',
    what: 'a bare static HTML page from the same server, fresh context (p50)',
    detail: { bare: stats(bare), mainThreadBusy: stats(cpu.get(`${base}/${BARE}`)!), loginPage: stats(login) },
  };
  const workMedian = percentile(workList, 50);
  const navAll = [...firstVisit, ...later];
  const navMedian = percentile(navAll, 50);
  const work = `demo county (2,000 persons), clerk, Chromium headless, ${REPEATS} repeats`;
  return [
    {
      name: 'console first load (work list)',
      db,
      scale,
      work: `${work}: fresh context → /console/inbox, list drawn`,
      ours: {
        value: round1(workMedian),
        unit: 'ms',
        detail: {
          firstLoad: stats(workList),
          mainThreadBusy: stats(cpu.get(`${base}/console/inbox`)!),
          warmReload: stats(warm),
          loginPage: stats(login),
          loginPageMainThreadBusy: stats(cpu.get(`${base}/console/login`)!),
        },
      },
      baseline,
      ratio: +(percentile(bare, 50) / workMedian).toFixed(3),
      goal: `p50 < ${GOAL_MS} ms`,
      met: workMedian < GOAL_MS,
    },
    {
      name: 'console navigation',
      db,
      scale,
      work: `${work}: menu click → page content drawn, ${PAGES.length} pages × ${REPEATS + 1} rounds`,
      ours: {
        value: round1(navMedian),
        unit: 'ms',
        detail: {
          all: stats(navAll),
          firstVisit: stats(firstVisit),
          laterVisits: stats(later),
          perPage: Object.fromEntries([...perPage].map(([k, v]) => [k, stats(v)])),
        },
      },
      baseline,
      ratio: +(percentile(bare, 50) / navMedian).toFixed(3),
      goal: `p50 < ${GOAL_MS} ms`,
      met: navMedian < GOAL_MS,
    },
  ];
}

/** Signs the clerk in through the login form once; later contexts start from its cookies. */
async function signIn(browser: Browser, base: string) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${base}/console/login`);
  await page.getByLabel(/用户名|Username/).fill('clerk');
  await page.getByLabel(/^(密码|Password)$/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录|Log in/ }).click();
  await page.getByTestId('whoami').waitFor();
  const state = await context.storageState();
  await context.close();
  return state;
}

/** Builds the console and portal when there is no build or a source file is newer than it (what `npm start` serves). */
function buildWebIfStale() {
  const built = path.join(DIST, 'console', 'index.html');
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs,
      ),
    );
  const sources = Math.max(newest(path.join(WEB, 'src')), statSync(path.join(WEB, 'vite.config.ts')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  log('building apps/web (missing or older than its sources)');
  const r = spawnSync(process.execPath, [path.join(REPO, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: WEB,
    // this process runs with NODE_ENV=test: the console is measured as shipped, with React's production build
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error('vite build failed');
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const fmt = (v: number[]) =>
  `min ${round1(Math.min(...v))} / p50 ${round1(percentile(v, 50))} / p90 ${round1(percentile(v, 90))} / max ${round1(Math.max(...v))} ms`;
