import type pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eWorld, pickOption, screenshot, staffPage, startE2eWorld, takeAction } from './browser.ts';

/**
 * A heating complaint from the portal through the 12345 chain, in Chromium against a real server
 * process: the resident files it on her phone with a photo; the coordination centre dispatches it to two
 * departments; the lead sends it back; it is dispatched again, signed for, handled and replied; the
 * resident reads the reply and answers the callback herself.
 */
let world: E2eWorld;
let browser: Browser;
let db: pg.Client;
let base = '';
const shared = { number: '', caseUrl: '' };
let resident: Page;

beforeAll(async () => {
  world = await startE2eWorld({ pinnedDay: '2026-11-16' });
  ({ browser, db, base } = world);
});
afterAll(async () => {
  await world?.stop();
});

const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/** 派单 through the case page's form: the lead, then the assisting departments from the list. */
async function dispatch(page: Page, lead: string, assisting: string) {
  await page.locator('[data-action="dispatch"]').click();
  const form = page.getByTestId('action-form-dispatch');
  await form.waitFor();
  const leadBox = form.getByRole('combobox', { name: '主办部门', exact: true });
  await leadBox.click();
  await leadBox.fill(lead);
  await pickOption(page, lead);
  const assistingBox = form.getByRole('combobox', { name: '协办部门', exact: true });
  await assistingBox.click();
  await assistingBox.fill(assisting);
  await pickOption(page, assisting, true);
  await assistingBox.press('Escape');
  await form.getByRole('button', { name: /提交|Submit/ }).click();
  await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('已派单');
}

/** 12345受理 as the operator types a call: the number, the caller, the category by a word of hers, the first village, what she says. */
async function takeCall(page: Page, call: { phone: string; name: string; word: string; description: string }) {
  await page.goto(`${base}/console/complaints/new`);
  const form = page.getByTestId('hotline-form');
  await form.getByLabel('来电号码').fill(call.phone);
  await form.getByLabel('诉求人').focus();
  await form.getByLabel('诉求人').fill(call.name);
  await form.getByLabel('诉求分类').click();
  await page.keyboard.type(call.word);
  await page.keyboard.press('Enter');
  const { rows: village } = await db.query(
    `SELECT name FROM divisions WHERE level = 5 AND code LIKE '140882001%' ORDER BY code LIMIT 1`,
  );
  await form.getByLabel('村（社区）').click();
  await page.keyboard.type(village[0].name);
  await page.keyboard.press('Enter');
  await form.getByLabel('诉求内容').fill(call.description);
  return form;
}

describe('a heating complaint through the 12345 chain, in Chromium', { timeout: 300_000 }, () => {
  it('is filed by a resident on her phone', async () => {
    const context = await browser.newContext({
      reducedMotion: 'reduce',
      locale: 'zh-CN',
      viewport: { width: 375, height: 740 },
      isMobile: true,
      geolocation: { latitude: 35.5971234, longitude: 110.7123456 },
      permissions: ['geolocation'],
    });
    resident = await context.newPage();
    await resident.goto(`${base}/signin`);
    await resident.getByLabel('手机号码').fill('13811112222');
    await resident.getByRole('button', { name: '获取验证码' }).click();
    await resident
      .getByLabel('短信验证码')
      .fill(/(\d{6})/.exec((await resident.getByTestId('demo-code').textContent())!)![1]!);
    await resident.getByRole('button', { name: '登录' }).click();
    await resident.getByTestId('resident-signed-in').waitFor();
    await resident.goto(`${base}/complain`);
    await resident.getByLabel('问题类别').selectOption({ label: '水电气暖供应 · 供暖' });
    const { rows } = await db.query(
      `SELECT v.name, t.name AS township FROM divisions v JOIN divisions t ON t.code = v.parent_code WHERE v.level = 5 AND v.code LIKE '140882001%' ORDER BY v.code LIMIT 1`,
    );
    await resident.getByLabel('所在村（社区）').selectOption({ label: `${rows[0].township} ${rows[0].name}` });
    await resident.getByLabel('具体地址').fill('龙门小区7号楼2单元');
    await resident.getByRole('button', { name: '附上我现在的位置（可不选）' }).click();
    await expect.poll(() => resident.getByTestId('map-point').textContent()).toContain('北纬 35.597123');
    await resident.getByLabel(/^问题描述/).fill('家里暖气一直不热，室温只有十三度，物业说是热力公司的问题');
    await resident.getByLabel(/^手机号码/).fill('13811112222');
    await resident
      .getByLabel(/^现场照片/)
      .setInputFiles({ name: 'thermometer.png', mimeType: 'image/png', buffer: ONE_PIXEL_PNG });
    await resident.getByRole('img', { name: '现场照片 1' }).waitFor();
    await resident.getByRole('button', { name: '提交' }).click();
    const filed = (await resident.getByTestId('complaint-filed').textContent())!;
    shared.number = /GD-2026-\d{6}/.exec(filed)![0];
    expect(await resident.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const { rows: c } = await db.query(
      'SELECT c.id, k.lat, k.lng FROM cases c JOIN complaints k ON k.case_id = c.id WHERE c.number = $1',
      [shared.number],
    );
    expect([c[0].lat, c[0].lng]).toEqual([35.597123, 110.712346]);
    shared.caseUrl = `${base}/console/cases/${c[0].id}`;
  });

  it('is dispatched to two departments, sent back by the lead, and dispatched again', async () => {
    const { page: operator } = await staffPage(browser, base, 'operator');
    await operator.goto(`${base}/console/complaints`);
    await expect.poll(() => operator.getByTestId('complaint-board').textContent()).toContain('12345');
    await screenshot(operator, 'console-complaint-board');
    await operator.goto(shared.caseUrl);
    // the resident's photo is on the order, shown to the centre with the opening entry
    await expect.poll(() => operator.getByTestId('attachment').count()).toBe(1);
    // what the centre needs to route it: the matter, the place with its map point; the phone shown in full only with a reason
    await expect.poll(() => operator.getByTestId('matter').textContent()).toContain('龙门小区7号楼2单元');
    expect(await operator.getByTestId('matter').textContent()).toContain('138****2222');
    await operator.getByTestId('reveal-phone').click();
    await operator.getByLabel(/查看理由/).fill('核实诉求地点');
    await operator
      .locator('.ant-modal')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await expect.poll(() => operator.getByTestId('matter').textContent()).toContain('13811112222');
    await dispatch(operator, '河津市民政局', '城关街道办事处');

    const { page: reviewer } = await staffPage(browser, base, 'reviewer');
    await reviewer.goto(shared.caseUrl);
    await reviewer.locator('[data-action="sendBack"]').click();
    const form = reviewer.getByTestId('action-form-sendBack');
    await form.getByLabel('意见', { exact: true }).fill('供暖问题不属于民政职责，请改派');
    await form.getByRole('button', { name: /提交|Submit/ }).click();
    await reviewer.waitForURL(/\/console\/(inbox|cases)/);

    await operator.reload();
    // back at the centre: the console names the state 'received' 已接件 for every type
    await expect.poll(() => operator.getByTestId('case-status').textContent()).toMatch(/已接件|已登记/);
    await dispatch(operator, '城关街道办事处', '河津市民政局');
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM case_actions WHERE case_id = (SELECT id FROM cases WHERE number = $1) AND action IN ('dispatch', 'sendBack')`,
      [shared.number],
    );
    expect(rows[0].n).toBe(3);
  });

  it("takes a hotline call at speed: duplicate hints from the number, the category from the caller's words, Ctrl+Enter", async () => {
    const { page } = await staffPage(browser, base, 'operator');
    const form = await takeCall(page, {
      phone: '13811112222',
      name: '刘女士',
      word: '停水',
      description: '小区昨晚起停水，至今没有通知何时恢复',
    });
    // the same caller's open order was named as soon as the number was typed
    await expect.poll(() => page.getByTestId('duplicates').textContent()).toContain(shared.number);
    await form.getByLabel('诉求内容').press('Control+Enter');
    await page.waitForURL(/\/console\/cases\//);
    await expect.poll(() => page.getByTestId('matter').textContent()).toContain('供水');
    const { rows } = await db.query(
      `SELECT k.category_code, k.channel FROM complaints k WHERE k.description = '小区昨晚起停水，至今没有通知何时恢复'`,
    );
    expect(rows).toEqual([{ category_code: 'property.utilities.water', channel: 'hotline' }]);
  });

  it('is handled and replied by the township, and the resident answers the callback', async () => {
    const { page: township } = await staffPage(browser, base, 'township');
    await township.goto(shared.caseUrl);
    await takeAction(township, 'signFor');
    await takeAction(township, 'reply', async (form) => {
      await form.getByLabel('答复内容').fill('已协调热力公司对7号楼管网排气并更换阀门，室温已达20度');
      await form.getByRole('combobox', { name: '办理结果', exact: true }).click();
      await pickOption(township, /resolved|已解决/);
    });
    await screenshot(township, 'console-complaint-replied');

    await resident.goto(`${base}/complaints`);
    const card = resident.getByTestId('my-complaint').filter({ hasText: shared.number });
    await expect.poll(() => card.textContent()).toContain('室温已达20度');
    await card.getByRole('button', { name: '满意', exact: true }).click();
    await expect.poll(() => card.textContent()).toContain('已回访');
    await screenshot(resident, 'portal-complaint-callback');
    const { rows } = await db.query(
      `SELECT c.status, a.actor_role, a.inputs->'fields'->>'satisfaction' AS satisfaction FROM cases c JOIN case_actions a ON a.case_id = c.id AND a.action = 'callback' WHERE c.number = $1`,
      [shared.number],
    );
    expect(rows).toEqual([{ status: 'calledBack', actor_role: 'resident', satisfaction: 'satisfied' }]);
    // the published figures count it for this year, and not for last year
    await resident.goto(`${base}/figures`);
    await expect.poll(() => resident.getByTestId('figures').textContent()).toContain('城关街道办事处');
    await resident.getByLabel('自').fill('2025-01-01');
    await resident.getByLabel('至').fill('2025-12-31');
    await expect.poll(() => resident.getByTestId('figures').textContent()).toBe('');
  });

  it('lets a community worker record a dispute and an agreement, with its PDF and confirmation deadline', async () => {
    const { page } = await staffPage(browser, base, 'community');
    await page.goto(`${base}/console/disputes`);
    const form = page.getByTestId('new-dispute');
    await form.getByLabel('纠纷', { exact: true }).fill('楼上漏水纠纷');
    await form.locator('.ant-select').first().click();
    await page.keyboard.type('物业服务');
    await pickOption(page, '物业服务');
    await form.getByLabel('当事人甲').fill('王某');
    await form.getByLabel('当事人乙').fill('赵某');
    await form.getByLabel('纠纷事实').fill('楼上卫生间漏水，楼下天花板受损');
    await form.getByRole('button', { name: '登记纠纷' }).click();
    await page.getByTestId('disputes').getByText('楼上漏水纠纷').waitFor();
    await page
      .getByTestId('disputes')
      .getByRole('row', { name: /楼上漏水纠纷/ })
      .locator('a')
      .first()
      .click();
    const drawer = page.locator('.ant-drawer-open');
    await drawer.getByLabel('调解组织 / 机关').fill('山小社区人民调解委员会');
    await drawer.getByLabel('调解员').fill('张调解员');
    await drawer.locator('.ant-select').nth(2).click();
    await pickOption(page, '达成协议');
    await drawer.getByLabel('协议内容').fill('赵某修复防水并赔偿王某800元');
    await drawer.getByRole('button', { name: '记录本次调处' }).click();
    await expect
      .poll(() => drawer.getByTestId('dispute-history').textContent())
      .toContain('司法确认申请期限：2026-12-16 前');
    const href = await drawer.getByRole('link', { name: '调解协议书（PDF）' }).getAttribute('href');
    const pdf = await page.request.get(`${base}${href}`);
    expect([pdf.status(), pdf.headers()['content-type'], (await pdf.body()).subarray(0, 5).toString()]).toEqual([
      200,
      'application/pdf',
      '%PDF-',
    ]);
    await screenshot(page, 'console-dispute');
  });

  it('opens a prior consultation on the property company, and it proceeds only after the office agrees', async () => {
    const { page } = await staffPage(browser, base, 'township');
    await page.goto(`${base}/console/cases/new`);
    await page.getByRole('combobox', { name: '类型', exact: true }).click();
    await pickOption(page, '物业事项事先征求意见');
    await page.getByTestId('organisation-select').click();
    await page.keyboard.type('龙门物业');
    await pickOption(page, '河津市龙门物业服务有限公司');
    await page.getByLabel('事项名称').fill('龙门小区更换物业服务企业');
    await page.getByRole('combobox', { name: '事项', exact: true }).click();
    await pickOption(page, '选聘或更换物业企业');
    await page.getByLabel('事项说明').fill('业主大会表决拟解聘现物业企业，另行选聘');
    await page.getByRole('button', { name: '接件' }).click();
    await page.getByTestId('case-timeline').waitFor();
    expect(await page.locator('[data-action="proceed"]').count()).toBe(0);
    await takeAction(page, 'giveOpinion', async (form) => {
      await form.getByRole('combobox', { name: '意见结论', exact: true }).click();
      await pickOption(page, '附条件同意');
      await form.getByLabel('意见', { exact: true }).fill('同意，须经业主大会双过半表决并公示');
    });
    await takeAction(page, 'proceed');
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('已实施');
    const { rows } = await db.query(
      `SELECT subject_type, subject_name FROM cases WHERE type_code = 'prior_consultation' ORDER BY opened_at DESC LIMIT 1`,
    );
    expect(rows).toEqual([{ subject_type: 'organisation', subject_name: '河津市龙门物业服务有限公司' }]);
  });

  it("registers a petition at the window, accepts and answers it, and registers the petitioner's request for review", async () => {
    const { page } = await staffPage(browser, base, 'operator');
    const form = await takeCall(page, {
      phone: '13866667777',
      name: '赵大爷',
      word: '低保',
      description: '反映低保评定不公，邻居家有车仍享受低保',
    });
    await form.getByLabel('类型', { exact: true }).click();
    await pickOption(page, '信访事项');
    await form.getByLabel('诉求内容').press('Control+Enter');
    await page.waitForURL(/\/console\/cases\//);
    await takeAction(page, 'accept');
    await expect
      .poll(() => page.locator('.ant-card').filter({ hasText: '文书' }).last().textContent())
      .toContain('受理告知书');
    await takeAction(page, 'answer', async (f) => {
      await f.getByLabel('处理意见').fill('经核查，该户车辆为营运所需，符合低保条件');
      await f.getByLabel(/复查机关/).fill('运城市民政局');
    });
    await page.getByTestId('request-review').click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('已收到请求');
    const { rows } = await db.query(
      `SELECT r.data->>'level' AS level, p.number IS NOT NULL AS linked FROM cases r JOIN cases p ON p.id::text = r.data->>'previousCaseId' WHERE r.type_code = 'petition_review'`,
    );
    expect(rows).toEqual([{ level: 'review', linked: true }]);
  });
});
