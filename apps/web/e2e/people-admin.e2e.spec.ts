import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../server/src/core/auth/totp.ts';
import { type E2eWorld, logIn, pickOption, screenshot, searchAndPick, startE2eWorld } from './browser.ts';

/** People and households, the import wizard, and the administration pages, as their users reach them. */
let world: E2eWorld;
let browser: Browser;
let db: pg.Client;
let base = '';

beforeAll(async () => {
  // today as the template was seeded: its back-dated cases are due soon or overdue
  world = await startE2eWorld({ pinnedDay: null });
  ({ browser, db, base } = world);
});
afterAll(async () => {
  await world?.stop();
});

async function page(): Promise<Page> {
  const context = await browser.newContext({
    reducedMotion: 'reduce',
    viewport: { width: 1366, height: 900 },
    locale: 'zh-CN',
  });
  return context.newPage();
}

/** An administrator's first login: password, then enrolment of the one-time code shown as a QR code and a secret. */
async function adminLogIn(username: string): Promise<Page> {
  const p = await page();
  await p.goto(`${base}/console/login`);
  await p.getByLabel('用户名').fill(username);
  await p.getByLabel('密码').fill('Demo@2026pass');
  await p.getByRole('button', { name: '登录' }).click();
  const secret = (await p.getByTestId('totp-secret').textContent())!.trim();
  await p.getByLabel('动态验证码').fill(totpCode(secret));
  await p.getByRole('button', { name: '验证并进入' }).click();
  await p.getByTestId('whoami').waitFor();
  return p;
}

// each step drives a browser against a server on a shared 2-core machine, with Argon2 logins: minutes, not seconds
describe('people, import and administration in Chromium', { timeout: 180_000 }, () => {
  it('marks overdue cases red and those due soon yellow, with the working days over or left', async () => {
    const p = await page();
    await logIn(p, base, 'reviewer');
    await p.getByRole('link', { name: '待办工作' }).click();
    await p.getByRole('tab', { name: '已超期' }).click();
    await p.locator('[data-due-state="overdue"]').first().waitFor();
    const overdue = await p
      .locator('[data-due-state]')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-due-state'), e.textContent]));
    expect(overdue.length).toBeGreaterThan(0);
    for (const [state, text] of overdue) {
      expect(state).toBe('overdue');
      expect(text).toMatch(/超期 \d+ 个工作日|已超期/);
    }
    expect(await p.locator('.ant-tag-red').count()).toBe(overdue.length);
    await screenshot(p, '20-inbox-overdue');
    await p.getByRole('tab', { name: '即将到期' }).click();
    await p.locator('.ant-table-row').first().waitFor();
    const soon = await p
      .locator('[data-due-state]')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-due-state'), e.textContent]));
    for (const [state, text] of soon) {
      expect(state).toBe('dueSoon');
      expect(text).toMatch(/剩 \d+ 个工作日|今日到期/);
    }
  });

  it('finds a person by name, shows provenance, reveals the ID number only with a reason, and audits it', async () => {
    const p = await page();
    await logIn(p, base, 'registrar');
    const person = (await db.query(`SELECT id, name, id_number_masked FROM persons ORDER BY name LIMIT 1`)).rows[0];
    await p.getByRole('link', { name: '人口信息' }).click();
    await p.getByLabel('姓名').fill(person.name);
    await p.getByRole('button', { name: '查询' }).click();
    await p.getByRole('link', { name: person.name }).first().waitFor();
    await screenshot(p, '11-people-search');
    expect(await p.getByText(person.id_number_masked).count()).toBeGreaterThan(0);
    await p.goto(`${base}/console/people/${person.id}`);
    await p.locator('[data-field="idNumber"]').waitFor();
    expect(await p.locator('[data-field="idNumber"]').textContent()).toContain('*');
    await p.getByTestId('reveal').click();
    await p.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => p.locator('.ant-form-item-explain-error').first().textContent()).toBe('必填');
    await p.getByLabel(/查看理由/).fill('核实低保申请人身份');
    await p.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => p.locator('[data-field="idNumber"]').textContent()).toMatch(/^\d{17}[\dX]$/);
    await screenshot(p, '12-person-revealed');
    const audit = await db.query(`SELECT details FROM audit_log WHERE action = 'person.reveal' AND target_id = $1`, [
      person.id,
    ]);
    expect(audit.rows.map((r) => r.details.reason)).toEqual(['核实低保申请人身份']);
  });

  it('imports a file through the wizard: preview, column mapping, progress, result with the bad rows by line', async () => {
    const village = (
      await db.query(`SELECT code FROM divisions WHERE level = 5 AND code LIKE '140882001%' ORDER BY code LIMIT 1`)
    ).rows[0].code;
    const file = path.join(tmpdir(), `wizard-${Date.now()}.csv`);
    writeFileSync(
      file,
      `证件号,名字,村代码\r\n110101199003070054,向导甲,${village}\r\n11010119900307005X,向导乙,${village}\r\n110101199003070070,向导丙,${village}\r\n`,
    );
    const p = await page();
    await logIn(p, base, 'registrar');
    await p.getByRole('link', { name: '批量导入' }).click();
    await p.locator('input[type=file]').setInputFiles(file);
    await p.getByRole('combobox', { name: '对应项目 证件号' }).waitFor();
    for (const [heading, field] of [
      ['证件号', 'idNumber'],
      ['名字', 'name'],
      ['村代码', 'divisionCode'],
    ] as const) {
      const box = p.getByRole('combobox', { name: `对应项目 ${heading}` });
      await box.click();
      await box.fill(field);
      await pickOption(p, `(${field})`);
    }
    await screenshot(p, '13-import-mapping');
    await p.getByRole('button', { name: '开始导入' }).click();
    await expect.poll(() => p.getByTestId('import-result').textContent()).toContain('未导入');
    // the second row's check digit is wrong: named by its line, nothing stored
    expect(await p.getByRole('cell', { name: '3', exact: true }).count()).toBeGreaterThan(0);
    expect((await db.query(`SELECT count(*)::int AS n FROM persons WHERE name LIKE '向导%'`)).rows[0].n).toBe(0);
    await screenshot(p, '14-import-result');
  });

  it('shows the system administrator the division tree, the holiday calendar and the case type diagram', async () => {
    const p = await adminLogIn('sysadmin');
    // re-zoning through the API with the console's session: one township split, one merged
    const { csrfToken } = await (await p.request.get(`${base}/api/v1/auth/me`)).json();
    const towns = (await db.query(`SELECT code, name FROM divisions WHERE parent_code = '140882' ORDER BY code`)).rows;
    const villages = (
      await db.query(`SELECT code FROM divisions WHERE parent_code = $1 ORDER BY code`, [towns[0].code])
    ).rows;
    const post = (url: string, data: object) =>
      p.request.post(`${base}/api/v1${url}`, { data, headers: { 'x-csrf-token': csrfToken } });
    expect(
      (
        await post('/divisions/split', {
          fromCode: towns[0].code,
          newCode: '140882199000',
          newName: '新城街道',
          childCodes: [villages.at(-1).code],
          effective: '2026-10-01',
        })
      ).status(),
    ).toBe(201);
    expect(
      (
        await post('/divisions/merge', {
          fromCode: towns.at(-1).code,
          intoCode: towns.at(-2).code,
          effective: '2026-10-01',
        })
      ).status(),
    ).toBe(200);
    await p.getByRole('link', { name: '行政区划' }).click();
    await p.locator('[data-division]').first().waitFor();
    expect(await p.locator('[data-division="140882199000"]').textContent()).toContain(
      `由${towns[0].name}分设（2026-10-01）`,
    );
    expect(await p.locator(`[data-division="${towns[0].code}"]`).textContent()).toContain('分设出：新城街道');
    expect(await p.locator(`[data-division="${towns.at(-1).code}"]`).textContent()).toContain(
      `已并入 ${towns.at(-2).name}（2026-09-30）`,
    );
    await screenshot(p, '15-divisions');
    await p.getByRole('link', { name: '节假日' }).click();
    await p.getByText(/2026 · 国务院办公厅关于2026年部分节假日安排的通知/).click();
    await p.getByText('2026-10-01 国庆节 放假').waitFor();
    await screenshot(p, '16-calendar');
    await p.getByRole('link', { name: '办件类型' }).click();
    const general = p.getByTestId('case-type-service_application').locator('svg.gr-diagram');
    await general.waitFor();
    expect(await general.locator('text').filter({ hasText: '已受理' }).count()).toBe(1);
    // every registered type is drawn: the 低保 case passes through its public notice
    expect(
      await p
        .getByTestId('case-type-minimum_allowance')
        .locator('svg.gr-diagram text')
        .filter({ hasText: '公示中' })
        .count(),
    ).toBe(1);
    await screenshot(p, '17-case-types');
    // the service catalogue: each item's guide, and the export to edit it in Excel
    await p.getByRole('link', { name: '办事指南' }).click();
    await p.getByTestId('catalogue').getByText('残疾人证申领').click();
    await expect.poll(() => p.locator('.ant-drawer').textContent()).toContain('可容缺');
    await screenshot(p, '18-catalogue');
    // the system administrator manages no users and reads no audit log
    expect(await p.getByRole('link', { name: '用户与角色' }).count()).toBe(0);
    expect(await p.getByRole('link', { name: '审计日志' }).count()).toBe(0);
  });

  it('lets the security administrator create a user and grant a role, with the password policy on the field', async () => {
    const sec = await adminLogIn('secadmin');
    await sec.getByRole('link', { name: '用户与角色' }).click();
    await sec.getByRole('cell', { name: 'clerk', exact: true }).waitFor();
    await screenshot(sec, '18-users');
    // a new account: the password policy is the server's, and its message shows on the field
    await sec.getByRole('button', { name: '新建用户' }).click();
    const dialog = sec.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('clerk3');
    await dialog.getByLabel('姓名').fill('钱芳（民政局审核员）');
    await searchAndPick(sec, dialog.getByRole('combobox', { name: '部门' }), '民政局', '河津市民政局');
    await dialog.getByLabel('初始密码').fill('weakpass12');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => dialog.locator('.ant-form-item-explain-error').first().textContent())
      .toContain('密码至少10位');
    await dialog.getByLabel('初始密码').fill('Strong@2026pass');
    await dialog.getByRole('button', { name: '保存' }).click();
    await sec.getByRole('cell', { name: 'clerk3', exact: true }).waitFor();
    await sec
      .getByRole('row', { name: /clerk3/ })
      .getByRole('button', { name: '授予角色' })
      .click();
    await sec.getByRole('dialog').getByRole('combobox').first().click();
    await pickOption(sec, /^审核员$/);
    await sec.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await expect.poll(() => sec.getByRole('row', { name: /clerk3/ }).textContent()).toContain('审核员 · 本部门');
  });

  it('lets the audit administrator search the log and verify its chain', async () => {
    const auditor = await adminLogIn('auditor');
    await auditor.getByRole('link', { name: '审计日志' }).click();
    await auditor.getByLabel('操作', { exact: true }).fill('auth.login');
    await auditor.getByRole('button', { name: '查询' }).click();
    await auditor.getByRole('cell', { name: 'auth.login', exact: true }).first().waitFor();
    await auditor.getByRole('button', { name: '校验审计链' }).click();
    await expect.poll(() => auditor.locator('.ant-alert').first().textContent()).toMatch(/审计链完整/);
    await screenshot(auditor, '19-audit');
  });
});
