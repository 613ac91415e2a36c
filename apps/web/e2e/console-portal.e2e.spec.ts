import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_MASTER_KEY } from '../../server/test/config.ts';
import { PiiCipher } from '../../server/src/core/crypto/sm.ts';
import {
  choose,
  type E2eWorld,
  logIn,
  pickOption,
  screenshot,
  staffPage as openStaffPage,
  startE2eWorld,
  takeAction,
} from './browser.ts';

/**
 * The whole path a case takes, clicked through in Chromium against a real server process:
 * a township window opens and accepts it, asks for materials (the clock pauses), transfers it;
 * the county bureau's reviewer finds it in the inbox and decides it; the resident follows it on
 * a phone; the receipt is verified by its code; a clerk of another township cannot reach it.
 */
let world: E2eWorld;
let browser: Browser;
let db: pg.Client;
let base = '';
const shared = { caseNumber: '', caseUrl: '', verificationCode: '', idTail: '', queryCode: '' };

beforeAll(async () => {
  world = await startE2eWorld();
  ({ browser, db, base } = world);
});

const staffPage = (username: string) => openStaffPage(browser, base, username);
afterAll(async () => {
  await world?.stop();
});

// each step drives a browser against a server on a shared 2-core machine, with Argon2 logins: minutes, not seconds
describe('staff console and public portal in Chromium', { timeout: 180_000 }, () => {
  it('tells a wrong password apart, then logs the clerk in with her department and jurisdiction shown', async () => {
    const context = await browser.newContext({ reducedMotion: 'reduce', locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${base}/console/login`);
    await screenshot(page, '01-login');
    await page.getByLabel('用户名').fill('clerk');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    await page.getByLabel('密码').fill('Demo@2026pass');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByTestId('whoami').textContent()).toMatch(/王丽.*便民服务中心/);
    // the clerk's navigation has no administration
    expect(await page.getByRole('link', { name: '审计日志' }).count()).toBe(0);
    // the home dashboard draws its charts
    await page.getByTestId('chart-status').locator('canvas').waitFor();
    await screenshot(page, '01b-dashboard');
    await context.close();
  });

  it('backs an account off after five wrong passwords, with the same reply as a wrong password', async () => {
    const context = await browser.newContext({ reducedMotion: 'reduce', locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${base}/console/login`);
    await page.getByLabel('用户名').fill('head');
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('密码').fill(`wrong-${i}`);
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
      await page.getByRole('button', { name: '登录' }).click();
      expect((await answer).status()).toBe(401);
      await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    }
    // backed off: even the right password gets the reply of a wrong one, so guessing learns nothing
    await page.getByLabel('密码').fill('Demo@2026pass');
    const backedOff = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
    await page.getByRole('button', { name: '登录' }).click();
    expect((await backedOff).status()).toBe(401);
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('多次失败后须稍候再试');
    await context.close();
  });

  it("changes a password under the policy, the server's message beside the field", async () => {
    const { context, page } = await staffPage('community');
    await page.getByRole('link', { name: '修改密码' }).click();
    await page.getByLabel('当前密码').fill('Demo@2026pass');
    await page.getByLabel('新密码', { exact: true }).fill('tooweakpassword');
    await page.getByLabel('再次输入新密码').fill('tooweakpassword');
    await page.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => page.locator('.ant-form-item-explain-error').first().textContent())
      .toContain('密码至少10位');
    await page.getByLabel('新密码', { exact: true }).fill('Changed@2026pass');
    await page.getByLabel('再次输入新密码').fill('Changed@2026pass');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('密码已修改');
    await context.close();
    const again = await browser.newContext({ reducedMotion: 'reduce', locale: 'zh-CN' });
    await logIn(await again.newPage(), base, 'community', 'Changed@2026pass');
    await again.close();
  });

  it('opens a case at the township window, accepts it, pauses the clock for materials and transfers it to the county bureau', async () => {
    const { context, page } = await staffPage('clerk');
    const person = (
      await db.query(`SELECT p.name, p.id_number_enc FROM persons p JOIN users u ON u.username = 'clerk' JOIN departments d ON d.id = u.department_id
      WHERE p.division_code LIKE substr(d.division_code, 1, 9) || '%' ORDER BY p.name LIMIT 1`)
    ).rows[0];
    shared.idTail = new PiiCipher(TEST_MASTER_KEY).decrypt(person.id_number_enc).slice(-4);

    await page.getByRole('link', { name: '窗口接件' }).click();
    await page.getByTestId('subject-search').locator('input').fill(person.name);
    await page.getByTestId('subject-search').getByRole('button').click();
    await page.getByRole('cell', { name: person.name }).first().click();
    await page.getByLabel('事项名称').fill('残疾人证申领');
    await page.getByLabel('申请事项').fill('残疾人证申领（新办）');
    await screenshot(page, '02-window-intake');
    await page.getByRole('button', { name: '接件' }).click();
    await page.getByTestId('case-number').waitFor();
    shared.caseNumber = (await page.getByTestId('case-number').textContent())!.trim();
    shared.queryCode = (await page.getByTestId('case-query-code').textContent())!.trim();
    shared.caseUrl = page.url();
    expect(shared.caseNumber).toMatch(/^SQ/);

    await takeAction(page, 'accept');
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('已受理');
    await expect.poll(() => page.getByText('受理回执').count()).toBeGreaterThan(0);
    // 2026-09-30 + 5 working days, National Day skipped
    await expect.poll(() => page.getByTestId('clock-panel').textContent()).toContain('2026-10-13');

    // the server's rule shows beside the field: an empty list of materials is refused
    await takeAction(page, 'requestMaterials', async (form) => {
      await form.getByLabel('需补正材料').fill('户口簿复印件');
      await form.getByLabel('需补正材料').press('Enter');
      await form.getByLabel('需补正材料').fill('二寸照片');
      await form.getByLabel('需补正材料').press('Enter');
    });
    await expect.poll(() => page.getByTestId('clock-state-promised').textContent()).toBe('暂停计时');
    await expect.poll(() => page.getByTestId('clock-panel').textContent()).toContain('补正期间不计入办理时限');
    await screenshot(page, '03-case-clock-paused');

    await takeAction(page, 'supplyMaterials');
    await expect.poll(() => page.getByTestId('clock-state-promised').textContent()).toBe('计时中');
    await takeAction(
      page,
      'transfer',
      async (form) => {
        await choose(page, form, '转至部门', '河津市民政局', true);
        await form.getByLabel('意见', { exact: true }).fill('请民政局审核');
      },
      true,
    );
    // transferred to the county bureau: no longer in the township's queue
    await page.getByRole('tab', { name: '本部门' }).click();
    await page.locator('table').waitFor();
    expect(await page.getByRole('link', { name: shared.caseNumber }).count()).toBe(0);
    const code = await db.query(
      `SELECT d.verification_code FROM documents d JOIN cases c ON c.id = d.case_id WHERE c.number = $1 AND d.kind = 'receipt'`,
      [shared.caseNumber],
    );
    shared.verificationCode = code.rows[0].verification_code;
    await context.close();
  });

  it("shows the case in the county reviewer's inbox; she reviews and decides it", async () => {
    const { context, page } = await staffPage('reviewer');
    await page.getByRole('link', { name: '待办工作' }).click();
    await page.getByRole('link', { name: shared.caseNumber }).waitFor();
    await screenshot(page, '04-inbox');
    // the list as an Excel workbook, with the case in it
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '导出 Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const cells = workbook.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toContain(shared.caseNumber);
    await page.getByRole('link', { name: shared.caseNumber }).click();
    // the limit on an extension is the server's rule; its message lands on the field
    await page.locator('[data-action="requestExtension"]').click();
    const extension = page.getByTestId('action-form-requestExtension');
    await extension.getByLabel('延长天数').fill('99');
    await extension.getByLabel('意见', { exact: true }).fill('需要实地核查');
    await extension.getByRole('button', { name: '提交' }).click();
    await expect
      .poll(() => extension.locator('.ant-form-item-explain-error').first().textContent())
      .toContain('不能超过10');
    await page.keyboard.press('Escape');
    await extension.waitFor({ state: 'detached' });
    await takeAction(page, 'review', async (form) => {
      await choose(page, form, '审核意见', '同意');
      await form.getByLabel('意见', { exact: true }).fill('材料齐全，符合条件');
    });
    await takeAction(page, 'decide', async (form) => {
      await choose(page, form, '决定', '准予');
      await form.getByLabel('意见', { exact: true }).fill('准予办理');
    });
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('已决定');
    await screenshot(page, '05-case-decided');
    await context.close();
  });

  it('switches the console to 繁體中文 and remembers it', async () => {
    const { context, page } = await staffPage('reviewer');
    await page.getByTestId('language').click();
    await pickOption(page, '繁體中文');
    await page.getByRole('link', { name: '待辦工作' }).waitFor();
    expect(await page.getByRole('link', { name: '待办工作' }).count()).toBe(0);
    await page.reload();
    await page.getByRole('link', { name: '待辦工作' }).waitFor();
    await screenshot(page, '06-dashboard-zh-TW');
    await context.close();
  });

  it('explains a concurrent change (409) and shows the case as it now is', async () => {
    const { context, page } = await staffPage('clerk');
    await page.getByRole('link', { name: '待办工作' }).click();
    await page.getByRole('tab', { name: '本部门' }).click();
    await page.getByLabel('状态').click();
    await pickOption(page, '已接件');
    await page.locator('table a').first().click();
    await page.locator('[data-action="accept"]').waitFor();
    // the same case in a second tab, where it is accepted first
    const other = await context.newPage();
    await other.goto(page.url());
    await takeAction(other, 'accept');
    await page.locator('[data-action="accept"]').click();
    await page.getByTestId('action-form-accept').getByRole('button', { name: '提交' }).click();
    await expect.poll(() => page.locator('.ant-modal-confirm').textContent()).toContain('刚刚已被其他人办理');
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('已受理');
    // one acceptance in the history, not two
    expect(
      await page
        .getByTestId('case-timeline')
        .locator('b')
        .filter({ hasText: /^受理$/ })
        .count(),
    ).toBe(1);
    await context.close();
  });

  it("will not open another township's case for a clerk who types its URL", async () => {
    const { context, page } = await staffPage('clerk2');
    await page.goto(shared.caseUrl);
    await expect.poll(() => page.getByTestId('case-error').textContent()).toContain('不在您的辖区内');
    expect(await page.getByText(shared.caseNumber).count()).toBe(0);
    await context.close();
  });

  it('sends a signed-out clerk to the login page saying the session expired', async () => {
    const { context, page } = await staffPage('clerk');
    await context.clearCookies();
    await page.getByRole('link', { name: '待办工作' }).click();
    await page.waitForURL(/\/console\/login\?reason=expired/);
    await expect.poll(() => page.locator('.ant-alert').first().textContent()).toContain('会话已过期');
    await context.close();
  });

  it('lets a resident track the case on a 375 px phone: steps and due date, nothing personal', async () => {
    const context = await browser.newContext({
      reducedMotion: 'reduce',
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    const scripts: Array<Promise<number>> = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.push(r.body().then((b) => gzipSync(b).length));
    });
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: /查办件进度/ }).waitFor();
    await page.waitForLoadState('networkidle');
    const homeJs = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
    expect(homeJs).toBeLessThan(300 * 1024);
    await screenshot(page, '07-portal-home-375');

    await page.getByRole('link', { name: /查办件进度/ }).click();
    await page.getByLabel(/办件编号/).fill(shared.caseNumber);
    await page.getByLabel(/^查询码/).fill(shared.queryCode);
    await page.getByRole('button', { name: '查询' }).click();
    const result = page.getByTestId('track-result');
    await result.waitFor();
    const text = (await result.textContent())!;
    expect(text).toContain(shared.caseNumber);
    for (const step of ['接件', '受理', '一次性告知补正', '补正材料', '转办', '审核', '决定'])
      expect(text).toContain(step);
    expect(text).toContain('河津市民政局');
    expect(text).not.toMatch(/王丽|李明|材料齐全/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, '08-portal-track-375');

    await page.getByLabel(/^查询码/).fill(shared.queryCode === '2222-2222' ? '3333-3333' : '2222-2222');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('没有找到这个办件');
    await context.close();
  });

  it('verifies the receipt by its code, typed in or from its QR link', async () => {
    const context = await browser.newContext({
      reducedMotion: 'reduce',
      viewport: { width: 375, height: 812 },
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    await page.goto(`${base}/verify`);
    await page.getByLabel(/核验码/).fill(shared.verificationCode);
    await page.getByRole('button', { name: '核验' }).click();
    await expect.poll(() => page.getByTestId('verify-result').textContent()).toContain('真实有效');
    expect(await page.getByTestId('verify-result').textContent()).toContain(shared.caseNumber);
    await screenshot(page, '09-portal-verify');
    await page.goto(`${base}/verify/${shared.verificationCode}`);
    await expect.poll(() => page.getByTestId('verify-result').textContent()).toContain('受理回执');
    await page.goto(`${base}/verify/ZZZZ-ZZZZ-ZZZZ`);
    await expect.poll(() => page.getByTestId('verify-invalid').textContent()).toContain('未找到');
    await context.close();
  });

  it('keeps the portal usable by keyboard, with labels on every field and a large-text mode', async () => {
    const context = await browser.newContext({
      reducedMotion: 'reduce',
      viewport: { width: 375, height: 812 },
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    await page.goto(`${base}/signin`);
    await page.getByLabel('手机号码').waitFor();
    const unlabelled = await page.evaluate(
      () =>
        [...document.querySelectorAll('input, select, textarea')].filter(
          (el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label'),
        ).length,
    );
    expect(unlabelled).toBe(0);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    const before = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    await page.getByRole('button', { name: '大字模式' }).click();
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBeGreaterThan(
      before * 1.2,
    );

    // sign-in by phone and code; the demo server shows the code on screen
    await page.getByLabel('手机号码').fill('13800138000');
    await page.getByRole('button', { name: '获取验证码' }).click();
    const demo = (await page.getByTestId('demo-code').textContent())!;
    await page.getByLabel('短信验证码').fill(/(\d{6})/.exec(demo)![1]!);
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByTestId('resident-signed-in').textContent()).toContain('138****8000');
    await screenshot(page, '10-portal-signed-in-large-text');
    await context.close();
  });

  it('lets a resident on a phone find a service by a word and read its guide', async () => {
    const context = await browser.newContext({
      reducedMotion: 'reduce',
      locale: 'zh-CN',
      viewport: { width: 375, height: 740 },
      isMobile: true,
    });
    const page = await context.newPage();
    await page.goto(`${base}/guide`);
    await page.getByLabel(/您要办什么事/).fill('残疾');
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByTestId('guide-hits').getByRole('link', { name: '残疾人证申领' }).click();
    const guide = page.getByTestId('guide-item');
    await guide.waitFor();
    const text = (await guide.textContent())!;
    expect(text).toContain('残疾评定表');
    expect(text).toContain('可容缺后补');
    expect(text).toContain('不计入办理时限');
    // the page fits the phone: nothing wider than the screen
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, '40-portal-guide');
    await context.close();
  });
});
