import type pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MASTER_KEY } from '../../server/test/config.ts';
import { PiiCipher } from '../../server/src/core/crypto/sm.ts';
import { choose, type E2eWorld, pickOption, screenshot, staffPage, startE2eWorld, takeAction } from './browser.ts';

/**
 * A resident's visit to the township centre, in Chromium against a real server process: she finds
 * an item on her phone (375 px), books a slot, takes a number with the booking on the day, is called
 * and served at the window (一窗受理, with a receipt), the case closes, she rates it 不满意 online,
 * and the rectification work order appears for the centre's head.
 */
let world: E2eWorld;
let browser: Browser;
let db: pg.Client;
let base = '';
const resident = { idNumber: '', tail: '', name: '' };
const shared = { reference: '', caseNumber: '', queryCode: '' };

beforeAll(async () => {
  world = await startE2eWorld({ pinnedDay: '2026-10-12' });
  ({ browser, db, base } = world);
  const { rows } = await db.query(`
    SELECT p.id_number_enc, p.name FROM persons p JOIN departments d ON d.code = '140882-BM1'
     WHERE p.division_code LIKE left(d.division_code, 9) || '%' ORDER BY p.id LIMIT 1`);
  resident.idNumber = new PiiCipher(TEST_MASTER_KEY).decrypt(rows[0].id_number_enc);
  resident.tail = resident.idNumber.slice(-4);
  resident.name = rows[0].name;
  // 放号 for the pinned week by the centre's head, through the API the console's form calls
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'centrehead', password: 'Demo@2026pass' }),
  });
  const { token } = (await login.json()) as { token: string };
  const {
    rows: [centre],
  } = await db.query(`SELECT id FROM departments WHERE code = '140882-BM1'`);
  const made = await fetch(`${base}/api/v1/centre/slots/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      departmentId: centre.id,
      from: '2026-10-12',
      to: '2026-10-16',
      // the pinned day keeps the real time of day, and a slot of today is refused once it is over: one lasts the day
      times: [
        { startsAt: '09:00', endsAt: '10:00', capacity: 4 },
        { startsAt: '10:00', endsAt: '23:59', capacity: 4 },
      ],
    }),
  });
  expect(made.status).toBe(200);
});
afterAll(async () => {
  await world?.stop();
});

async function phone(): Promise<Page> {
  const context = await browser.newContext({
    reducedMotion: 'reduce',
    locale: 'zh-CN',
    viewport: { width: 375, height: 740 },
    isMobile: true,
  });
  return context.newPage();
}

describe('a visit to the one-stop centre, in Chromium', { timeout: 300_000 }, () => {
  it('finds an item on a phone and books a slot', async () => {
    const page = await phone();
    await page.goto(`${base}/guide`);
    await page.getByLabel('您要办什么事？').fill('残疾人证');
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByTestId('guide-hits').getByRole('link', { name: '残疾人证申领' }).click();
    await page.getByTestId('book-link').click();
    await page.getByLabel('服务中心').selectOption({ label: '城关街道便民服务中心' });
    await page.getByLabel('日期', { exact: true }).selectOption('2026-10-12');
    await page
      .getByRole('group', { name: '时段' })
      .getByRole('radio', { name: /10:00-23:59/ })
      .first()
      .check();
    await page.getByLabel('姓名').fill(resident.name);
    await page.getByLabel(/^手机号码/).fill('13800138000');
    await page.getByRole('button', { name: '提交预约' }).click();
    shared.reference = (await page.getByTestId('booking-reference').textContent())!.trim();
    expect(shared.reference).toMatch(/^Y261012[2-9A-Z]{4}$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'portal-booked');
    const { rows } = await db.query(`SELECT status FROM appointments WHERE reference = $1`, [shared.reference]);
    expect(rows).toEqual([{ status: 'booked' }]);
  });

  it('takes a number with the booking on the day', async () => {
    const page = await phone();
    await page.goto(`${base}/ticket`);
    await page.getByLabel('服务中心').selectOption({ label: '城关街道便民服务中心' });
    await page.getByLabel(/^预约号/).fill(shared.reference);
    await page.getByRole('button', { name: '取号' }).click();
    await expect.poll(() => page.getByTestId('ticket-number').textContent()).toBe('Y001');
  });

  it('is called and served at the window, with a receipt, and the case closes', async () => {
    const { page } = await staffPage(browser, base, 'clerk');
    await page.goto(`${base}/console/centre/desk`);
    await page.getByRole('combobox', { name: '选择窗口' }).click();
    await pickOption(page, '社会事务窗口');
    await page.getByTestId('call-next').click();
    await expect.poll(() => page.getByTestId('current-ticket').textContent()).toBe('Y001');
    await page.getByTestId('applicant-lookup').fill(resident.idNumber);
    await page.getByTestId('applicant-lookup').press('Enter');
    await page.getByRole('radio', { name: new RegExp(resident.name) }).check();
    for (const m of ['居民身份证', '户口簿', '近期二寸免冠彩色照片'])
      await page.getByRole('checkbox', { name: new RegExp(m) }).check();
    // the 评定表 may come later: the form says so before anything is stored
    await expect.poll(() => page.getByTestId('intake-preview').textContent()).toContain('容缺受理');
    await page.getByRole('checkbox', { name: /残疾评定表/ }).check();
    await expect.poll(() => page.getByTestId('intake-preview').textContent()).toContain('受理并出具回执');
    await page.getByTestId('intake-submit').click();
    const result = page.getByTestId('intake-result');
    await expect.poll(() => result.textContent()).toContain('已受理');
    expect(
      (await result.getByRole('link', { name: /受理回执/ }).count()) +
        (await result.getByRole('button', { name: /受理回执/ }).count()),
    ).toBeGreaterThan(0);
    shared.caseNumber = /SX-2026-\d{6}/.exec((await result.textContent())!)![0];
    await screenshot(page, 'console-window-desk');
    await page.getByRole('link', { name: '查看办件' }).click();
    await takeAction(page, 'decide', async (form) => {
      await choose(page, form, '决定', '准予');
      await form.getByLabel('意见', { exact: true }).fill('材料齐全，同意');
    });
    await takeAction(page, 'close');
    const { rows } = await db.query(
      `SELECT c.is_open, t.status FROM cases c JOIN queue_tickets t ON t.case_id = c.id WHERE c.number = $1`,
      [shared.caseNumber],
    );
    expect(rows).toEqual([{ is_open: false, status: 'done' }]);
    // the 查询码 printed on the receipt and shown on the case page
    shared.queryCode = (
      await db.query(`SELECT query_code FROM cases WHERE number = $1`, [shared.caseNumber])
    ).rows[0].query_code;
  });

  it("is rated 不满意 online, and the work order appears for the centre's head", async () => {
    const page = await phone();
    await page.goto(`${base}/track`);
    await page.getByLabel(/^办件编号/).fill(shared.caseNumber);
    await page.getByLabel(/^查询码/).fill(shared.queryCode);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByTestId('evaluate-link').click();
    // the tracking form has a field of the same name: wait for the evaluation page before typing
    await page.getByRole('heading', { name: '办事评价（好差评）' }).waitFor();
    await page.getByLabel(/^查询码/).fill(shared.queryCode);
    await page.getByRole('button', { name: '查找办件' }).click();
    await page.getByRole('radio', { name: '不满意', exact: true }).check();
    await page.getByLabel(/^意见和建议/).fill('预约了还等了很久');
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => page.getByTestId('evaluated').textContent()).toContain('整改');
    await screenshot(page, 'portal-evaluated');

    const { page: head } = await staffPage(browser, base, 'centrehead');
    await head.goto(`${base}/console/inbox?list=department`);
    await expect.poll(() => head.locator('body').textContent()).toContain(`差评整改：残疾人证申领`);
    await head.goto(`${base}/console/evaluations`);
    await expect.poll(() => head.getByTestId('reviews').textContent()).toContain('预约了还等了很久');
    await screenshot(head, 'console-evaluations');
  });
});
