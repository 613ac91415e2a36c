import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:3000';
const number = process.argv[2];
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const shot = (p, n) => p.screenshot({ path: `/tmp/walkshots/${n}.png`, fullPage: true });
async function staff(username) {
  const ctx = await b.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.log(username, 'PAGE ERROR', e.message));
  await page.goto(`${base}/console/login`);
  await page.getByLabel(/用户名/).fill(username);
  await page.getByLabel(/^密码$/).fill('Demo@2026pass');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('whoami').waitFor();
  return page;
}
async function pick(page, text) {
  const dd = page.locator('.ant-select-dropdown:visible');
  await dd.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
  await page.waitForTimeout(400);
}
const op = await staff('operator');
await op.goto(`${base}/console/complaints`);
await op.getByTestId('complaint-board').waitFor();
await op.waitForTimeout(1000);
await shot(op, '3-board');
// find the case via the board? use the search by number in inbox
const caseId = await op.evaluate(async (n) => { const r = await fetch(`/api/v1/cases?number=${n}`); return r.ok ? (await r.json()) : r.status; }, number);
console.log('case lookup', JSON.stringify(caseId).slice(0, 200));
await b.close();
