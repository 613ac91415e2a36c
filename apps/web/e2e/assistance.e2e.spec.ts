import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MASTER_KEY } from '../../server/test/config.ts';
import { PiiCipher } from '../../server/src/core/crypto/sm.ts';
import { choose, type E2eWorld, screenshot, staffPage, startE2eWorld, takeAction } from './browser.ts';

/**
 * 低保 from the portal to the bank and back, in Chromium against a real server process: a resident
 * applies on her phone; the community worker takes the application up, investigates (incomes by
 * month, two visitors, a photo) and records the democratic review; the township reviews and posts
 * the notice, which the portal shows with the name masked; a week later the county approves; the
 * payment officer drafts the month's cycle, a second person approves it, the bank file goes out,
 * the bank's return file comes back and the payment shows on the household's ledger.
 */
let world: E2eWorld;
let browser: Browser;
let db: pg.Client;
let base = '';
const household = { id: '', number: '', idNumber: '', head: '', members: 0 };
const shared = { caseUrl: '', caseNumber: '', amount: '' };
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  world = await startE2eWorld({ pinnedDay: '2026-10-12' });
  ({ browser, db, base } = world);
  const { rows } = await db.query(`
    SELECT h.id, h.number, p.id AS person_id, p.id_number_enc, p.name, (SELECT count(*)::int FROM household_members x WHERE x.household_id = h.id) AS n
      FROM users u JOIN departments d ON d.id = u.department_id JOIN households h ON h.division_code = d.division_code
      JOIN household_members m ON m.household_id = h.id AND m.relation = 'head' JOIN persons p ON p.id = m.person_id
     WHERE u.username = 'community' AND (SELECT count(*) FROM household_members x WHERE x.household_id = h.id) BETWEEN 2 AND 4
     ORDER BY h.number DESC LIMIT 1`);
  const r = rows[0];
  const cipher = new PiiCipher(TEST_MASTER_KEY);
  Object.assign(household, {
    id: r.id,
    number: r.number,
    idNumber: cipher.decrypt(r.id_number_enc),
    head: r.name,
    members: r.n,
  });
  // only the applicant (or an adult of her household) may apply online, signed in with the mobile the registry holds for her
  await db.query('UPDATE persons SET phone_bidx = $1 WHERE id = $2', [cipher.blindIndex('13700137000'), r.person_id]);
});
afterAll(async () => {
  await world?.stop();
});

async function openCase(username: string): Promise<Page> {
  const { page } = await staffPage(browser, base, username);
  await page.goto(shared.caseUrl);
  await page.getByTestId('case-timeline').waitFor();
  return page;
}

describe('minimum living allowance from application to its first paid month, in Chromium', { timeout: 300_000 }, () => {
  it('takes an application from a resident signed in on her phone', async () => {
    const context = await browser.newContext({
      reducedMotion: 'reduce',
      locale: 'zh-CN',
      viewport: { width: 375, height: 740 },
      isMobile: true,
    });
    const page = await context.newPage();
    await page.goto(`${base}/apply`);
    await page.getByText('请先用手机号登录').waitFor();
    await page.goto(`${base}/signin`);
    await page.getByLabel('手机号码').fill('13700137000');
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByLabel('短信验证码').fill(/(\d{6})/.exec((await page.getByTestId('demo-code').textContent())!)![1]!);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('resident-signed-in').waitFor();
    await page.goto(`${base}/apply`);
    await page.getByLabel(/申请人身份证号/).fill('110101199001011234');
    await page
      .getByLabel(/家庭困难情况/)
      .fill('丈夫长期患病卧床，本人需照顾老人和孩子，只能打零工，家庭收入低于当地保障标准。');
    await page.getByRole('button', { name: '提交申请' }).click();
    await expect.poll(() => page.locator('#idNumber-error').textContent()).toBeTruthy();
    await page.getByLabel(/申请人身份证号/).fill(household.idNumber);
    await page.getByLabel(/开户银行/).fill('河津农商银行');
    await page.getByLabel(/银行账号/).fill('6217 0000 3333 4444 555');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByTestId('application-filed').waitFor();
    expect(await page.getByTestId('my-applications').textContent()).toContain('待受理');
    await screenshot(page, '30-portal-apply');
    await context.close();
  });

  it('is taken up, investigated with its incomes and a photo, and reviewed by the community', async () => {
    const { page } = await staffPage(browser, base, 'community');
    await page.goto(`${base}/console/assistance/applications`);
    await page.getByTestId(`take-up-${household.number}`).click();
    await page.waitForURL(/\/console\/cases\//);
    shared.caseUrl = page.url();
    shared.caseNumber = (await page.getByTestId('case-number').textContent())!.trim();
    await takeAction(page, 'accept');
    await takeAction(page, 'investigate', async (form) => {
      await form.getByTestId('member-0').waitFor();
      expect(await form.locator('[data-testid^="member-"]').count()).toBe(household.members);
      await form.getByTestId('add-income-0').click();
      const amounts = form.getByRole('spinbutton', { name: '金额（元）' });
      for (let i = 0; i < 3; i++) await amounts.nth(i).fill('500');
      const visitors = form.locator('#inv-visitors');
      for (const v of ['陈静', '刘芳']) {
        await visitors.fill(v);
        await visitors.press('Enter');
      }
      await form.locator('#inv-findings').fill('户主在县城打零工，配偶长期患病卧床；住房为自有砖混房两间，无机动车。');
      await form.locator('input[type=file]').setInputFiles({ name: 'visit.png', mimeType: 'image/png', buffer: PHOTO });
      await form
        .locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)')
        .first()
        .waitFor();
      await screenshot(page, '31-console-investigation');
    });
    shared.amount = (await page.getByTestId('allowance-amount').textContent())!;
    // 780 yuan × members − 500 yuan of monthly wages, rounded to the yuan (the demo standard)
    expect(shared.amount).toContain(`${(780 * household.members - 500).toFixed(2)}`);
    await takeAction(page, 'communityReview', async (form) => {
      await form.getByLabel('评议日期').fill('2026-10-13');
      await form.getByLabel('评议日期').press('Enter');
      await form.getByRole('spinbutton', { name: '参会人数' }).fill('9');
      await form.getByRole('spinbutton', { name: '同意票' }).fill('9');
      await form.getByRole('spinbutton', { name: '反对票' }).fill('0');
      await choose(page, form, '评议意见', '同意');
      await form.getByLabel('意见', { exact: true }).fill('评议小组一致认为情况属实');
    });
    await page.context().close();
  });

  it('is reviewed by the township, which posts the notice the portal shows with the name masked', async () => {
    const page = await openCase('township');
    await takeAction(page, 'townshipReview', async (form) => {
      await choose(page, form, '审核意见', '同意');
      await form.getByLabel('意见', { exact: true }).fill('审核同意，予以公示');
    });
    await takeAction(page, 'startNotice');
    expect(await page.getByTestId('case-status').textContent()).toBe('公示中');
    await screenshot(page, '32-console-on-notice');
    // the board shows the application under its stage
    await page.goto(`${base}/console/assistance/board`);
    await expect.poll(() => page.getByTestId('board').textContent()).toContain(shared.caseNumber);
    await screenshot(page, '37-console-board');
    await page.context().close();

    const context = await browser.newContext({
      reducedMotion: 'reduce',
      locale: 'zh-CN',
      viewport: { width: 375, height: 740 },
    });
    const portal = await context.newPage();
    await portal.goto(`${base}/notices`);
    const card = portal.getByTestId(`notice-${shared.caseNumber}`);
    await card.waitFor();
    const text = (await card.textContent())!;
    const chars = [...household.head];
    expect(text).toContain(
      chars.length === 2 ? `${chars[0]}*` : `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`,
    );
    expect(text).not.toContain(household.head);
    expect(text).toContain('2026-10-12 — 2026-10-18');
    await screenshot(portal, '33-portal-notices');
    await context.close();
  });

  it('a week later is approved by the county, and paid: cycle, second approval, bank file, return file, ledger', async () => {
    await world.moveTo('2026-10-20');
    const approver = await openCase('approver');
    await takeAction(approver, 'approve', async (form) => {
      await choose(approver, form, '分类管理类别', 'A');
      await form.getByLabel('意见', { exact: true }).fill('符合条件，同意纳入保障');
    });
    expect(await approver.getByTestId('case-status').textContent()).toBe('已纳入保障');

    // the account typed on the portal is paid only once the township has checked it against the head's own card
    const {
      rows: [e],
    } = await db.query('SELECT id FROM assistance_entitlements WHERE household_id = $1', [household.id]);
    const { page: township } = await staffPage(browser, base, 'township');
    await township.goto(`${base}/console/assistance/entitlements/${e.id}`);
    await expect.poll(() => township.getByTestId('account').textContent()).toContain('未核对');
    await township.getByTestId('verify-account').click();
    await township.getByLabel('卡（折）上的账号').fill('6217 0000 3333 4444 550');
    await township.getByRole('button', { name: /提\s*交/ }).click();
    await expect.poll(() => township.locator('.ant-form-item-explain-error').textContent()).toContain('不一致');
    await township.getByLabel('卡（折）上的账号').fill('6217 0000 3333 4444 555');
    await township.getByRole('button', { name: /提\s*交/ }).click();
    await expect.poll(() => township.getByTestId('account').textContent()).toContain('已核对');
    await township.context().close();

    const { page } = await staffPage(browser, base, 'payer');
    await page.goto(`${base}/console/assistance/cycles`);
    const draft = page.getByTestId('draft-cycle');
    await draft.locator('.ant-picker input').fill('2026-10');
    // Enter confirms the month and submits the form
    await draft.locator('.ant-picker input').press('Enter');
    await page.waitForURL(/\/console\/assistance\/cycles\/[0-9a-f-]{36}/);
    await expect.poll(() => page.locator('.ant-descriptions').textContent()).toContain('2026-10');
    const cycleUrl = page.url();
    expect((await page.getByTestId('cycle-total').textContent())!.replace(/,/g, '')).toContain(
      shared.amount.replace(/[^\d.]/g, ''),
    );
    expect(await page.getByTestId('approve-cycle').count()).toBe(0);

    await approver.goto(cycleUrl);
    await approver.getByTestId('approve-cycle').click();
    await expect.poll(() => approver.getByTestId('cycle-status').textContent()).toBe('已复核');

    await page.reload();
    await page.getByTestId('export-file').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv-1').click()]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    expect(csv[0]).toEqual(['账号', '户名', '金额', '业务参考号']);
    expect(csv[1]![0]).toBe('621700003333444455' + '5');
    const wrong = `业务参考号,金额,处理结果\n${csv[1]![3]},1.00,成功\n`;
    await page
      .getByTestId('upload-return-1')
      .locator('..')
      .locator('input[type=file]')
      .setInputFiles({ name: 'return.csv', mimeType: 'text/csv', buffer: Buffer.from(wrong) });
    await page.getByTestId('return-problems').waitFor();
    await screenshot(page, '34-console-return-refused');
    const good = `业务参考号,金额,处理结果,失败原因\n${csv[1]![3]},${csv[1]![2]},成功,\n`;
    await page
      .getByTestId('upload-return-1')
      .locator('..')
      .locator('input[type=file]')
      .setInputFiles({ name: 'return.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await expect.poll(() => page.getByTestId('files').textContent()).toContain('已对账');
    await screenshot(page, '35-console-cycle-reconciled');

    await page.goto(`${base}/console/assistance/entitlements`);
    await page.getByTestId('entitlements').getByRole('link', { name: household.number }).click();
    await expect.poll(() => page.getByTestId('ledger').textContent()).toContain('已发放');
    expect(await page.getByTestId('ledger').textContent()).toContain('2026-10');
    await screenshot(page, '36-console-ledger');
  });

  it('registers a disabled serviceman for preferential care, records his visit, and takes an opinion from a son working away', async () => {
    const { page } = await staffPage(browser, base, 'township');
    await page.goto(`${base}/console/care`);
    await page.getByTestId('care-register').click();
    const form = page.getByTestId('care-register-form');
    await form.getByPlaceholder(/查找申请人/).fill(household.idNumber);
    await form.getByPlaceholder(/查找申请人/).press('Enter');
    await choose(page, form, '姓名', household.head);
    await choose(page, form, '类别', '五级残疾军人');
    await form.getByLabel('认定日期').fill('2019-08-01');
    // Enter confirms the date and submits the form, as in the cycle's month
    await form.getByLabel('认定日期').press('Enter');
    await page.waitForURL(/\/console\/care\/[0-9a-f-]{36}/);
    const record = page.getByTestId('care-record-form');
    await record.getByLabel('情况').fill('走访慰问，了解身体和生活情况');
    // the server's day is pinned (20 October); Enter in the date saves the record
    await record.getByLabel('日期').fill('2026-10-19');
    await record.getByLabel('日期').press('Enter');
    await expect.poll(() => page.getByTestId('care-records').textContent()).toContain('走访慰问');
    await screenshot(page, '38-console-care-beneficiary');
    await page.goto(`${base}/console/care`);
    await expect.poll(() => page.getByTestId('care-list').textContent()).toContain('同时享受低保');

    const context = await browser.newContext({
      reducedMotion: 'reduce',
      locale: 'zh-CN',
      viewport: { width: 375, height: 740 },
    });
    const portal = await context.newPage();
    await portal.goto(`${base}/care`);
    await portal.getByLabel('姓名').fill('张小军');
    await portal.getByLabel('手机号码').fill('13512345678');
    await portal.getByLabel('家乡所在村（社区）').selectOption({ index: 1 });
    await portal.getByLabel(/意见或需要帮助的事/).fill('在外务工，父亲腿伤复发，请村里帮忙联系医院复查');
    await portal.getByRole('button', { name: '提交' }).click();
    await portal.getByTestId('care-opinion-filed').waitFor();
    await screenshot(portal, '39-portal-care-opinion');
    await context.close();
  });
});
