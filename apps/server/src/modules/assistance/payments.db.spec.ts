import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, movableClock, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { DEMO_PASSWORD } from '../../demo/demo.seed.ts';
import { enrolForTest } from './assistance.testkit.ts';

let app: App;
const day = movableClock('2026-11-02');
let payer: Actor;
let approver: Actor;
let both: Actor;
let county: string;
let entitlements: Array<{ id: string; household_id: string }>;
let amounts: number[];

const csvOf = (body: Buffer) =>
  parse(body.toString('utf8').replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;
const returnCsv = (rows: Array<[string, string, string, string?]>) =>
  Buffer.from(
    `\uFEFF业务参考号,金额,处理结果,失败原因\n${rows.map((r) => r.map((x) => x ?? '').join(',')).join('\n')}\n`,
  );

beforeAll(async () => {
  app = await testApp({ clock: day.clock });
  [payer, approver] = await Promise.all([actorNamed(app, 'payer'), actorNamed(app, 'approver')]);
  await app.users.create({
    username: 'both',
    displayName: '兼岗人员',
    departmentCode: '140882-MZJ',
    password: DEMO_PASSWORD,
    roles: [
      { role: 'payment_officer', scope: 'subtree' },
      { role: 'assistance_approver', scope: 'subtree' },
    ],
  });
  both = await actorNamed(app, 'both');
  county = approver.divisionCode;
  const households = await app.db
    .selectFrom('households')
    .select(['id', 'division_code'])
    .orderBy('number')
    .limit(8)
    .execute();
  amounts = [106_000, 55_500, 30_001, 78_000, 12_345, 99_999, 40_000, 70_000];
  entitlements = await enrolForTest(
    app,
    households.map((h, i) => ({
      id: h.id,
      divisionCode: h.division_code,
      amountFen: amounts[i]!,
      // one without an account, one not started until December
      ...(i === 6 ? { account: null } : {}),
      ...(i === 7 ? { startMonth: '2026-12-01' } : {}),
    })),
  );
});
afterAll(async () => {
  await app?.close();
});

describe('payment cycles', () => {
  it('drafts with control totals, needs a second person, pays once, and reconciles the return file whole or not at all', async () => {
    const draft = await app.assistance.payments.draft(payer, {
      programme: 'urbanMinimumAllowance',
      divisionCode: county,
      period: '2026-11',
    });
    const payable = amounts.slice(0, 6);
    expect(draft).toMatchObject({ count: 6, totalFen: payable.reduce((a, b) => a + b, 0), withoutAccount: 1 });
    await expect(
      app.assistance.payments.draft(payer, {
        programme: 'urbanMinimumAllowance',
        divisionCode: county,
        period: '2026-11',
      }),
    ).rejects.toMatchObject({ status: 409, code: 'cycle_exists' });
    // a township's own cycle for the same month finds everyone already paid
    const township = (
      await app.db
        .selectFrom('divisions')
        .select('code')
        .where('parent_code', '=', county)
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
    await expect(
      app.assistance.payments.draft(payer, {
        programme: 'urbanMinimumAllowance',
        divisionCode: township,
        period: '2026-11',
      }),
    ).rejects.toMatchObject({ code: 'nothing_to_pay' });
    // and the database itself refuses a second live payment for a household and month
    const one = await app.db
      .selectFrom('payments')
      .selectAll()
      .where('cycle_id', '=', draft.id)
      .executeTakeFirstOrThrow();
    await expect(
      app.db
        .insertInto('payments')
        .values({ ...one, id: undefined, reference: 'DUPLICATE-1', file_id: null } as never)
        .execute(),
    ).rejects.toThrow(/payments_once/);

    await expect(app.assistance.payments.exportFile(payer, draft.id, 'standard')).rejects.toMatchObject({
      code: 'cycle_not_approved',
    });
    await expect(app.assistance.payments.approve(payer, draft.id)).rejects.toMatchObject({ status: 403 });
    const [a, b] = await Promise.allSettled([
      app.assistance.payments.approve(approver, draft.id),
      app.assistance.payments.approve(approver, draft.id),
    ]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect(((a.status === 'rejected' ? a : b) as PromiseRejectedResult).reason).toMatchObject({
      status: 409,
      code: 'cycle_not_draft',
    });

    const file = await app.assistance.payments.exportFile(payer, draft.id, 'standard');
    expect(file).toMatchObject({ seq: 1, count: 6, totalFen: draft.totalFen });
    const csv = csvOf((await app.assistance.payments.downloadFile(payer, file.id, 'csv')).body);
    expect(Object.keys(csv[0]!)).toEqual(['账号', '户名', '金额', '业务参考号']);
    expect(csv.map((r) => r['金额']).sort()).toEqual(
      ['1060.00', '555.00', '300.01', '780.00', '123.45', '999.99'].sort(),
    );
    expect(csv.every((r) => /^6217\d{15}$/.test(r['账号']!))).toBe(true);
    const xlsx = await app.assistance.payments.downloadFile(payer, file.id, 'xlsx');
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');

    const refs = csv.map((r) => [r['业务参考号']!, r['金额']!] as const);
    const wrongTotal = returnCsv(refs.map(([r, amt], i) => [r, i === 0 ? '1000.00' : amt, '成功']));
    await expect(app.assistance.payments.importReturn(payer, file.id, wrongTotal, 'csv')).rejects.toMatchObject({
      status: 422,
      code: 'return_file_refused',
      extra: {
        problems: expect.arrayContaining([
          expect.objectContaining({ line: 2, field: 'amount' }),
          expect.objectContaining({ field: 'total' }),
        ]),
      },
    });
    const unknown = returnCsv([
      ...refs.slice(1).map(([r, amt]) => [r, amt, '成功'] as [string, string, string]),
      ['FF-2026-999999-000001', refs[0]![1], '成功'],
    ]);
    await expect(app.assistance.payments.importReturn(payer, file.id, unknown, 'csv')).rejects.toMatchObject({
      extra: { problems: expect.arrayContaining([expect.objectContaining({ line: 7, field: 'reference' })]) },
    });
    expect(
      await app.db
        .selectFrom('payments')
        .select('status')
        .where('cycle_id', '=', draft.id)
        .where('status', '<>', 'pending')
        .execute(),
    ).toEqual([]);

    const good = returnCsv(refs.map(([r, amt], i) => (i === 0 ? [r, amt, '失败', '账户已销户'] : [r, amt, '成功'])));
    expect(await app.assistance.payments.importReturn(payer, file.id, good, 'csv')).toEqual({ paid: 5, failed: 1 });
    await expect(app.assistance.payments.importReturn(payer, file.id, good, 'csv')).rejects.toMatchObject({
      code: 'already_reconciled',
    });

    // the failed one goes out again only after its account is corrected, in a file of its own
    const failed = await app.db
      .selectFrom('payments')
      .select(['id', 'entitlement_id', 'reference'])
      .where('status', '=', 'failed')
      .executeTakeFirstOrThrow();
    await expect(app.assistance.payments.reissue(payer, failed.id)).rejects.toMatchObject({
      code: 'account_not_fixed',
    });
    day.set('2026-11-05');
    const ent = await app.assistance.entitlements.get(approver, failed.entitlement_id);
    await app.assistance.entitlements.changeAccount(approver, failed.entitlement_id, {
      bankName: '中国邮政储蓄银行',
      account: '6221 8800 1234 5678 901',
      expectedVersion: ent.version,
    });
    const reissued = await app.assistance.payments.reissue(payer, failed.id);
    expect(reissued.reference).toBe(`${failed.reference}-R1`);
    const second = await app.assistance.payments.exportFile(payer, draft.id, 'ruralCredit');
    expect(second).toMatchObject({ seq: 2, count: 1 });
    const csv2 = csvOf((await app.assistance.payments.downloadFile(payer, second.id, 'csv')).body);
    expect(csv2).toEqual([
      expect.objectContaining({ 序号: '1', 卡号: '622188001234567890' + '1', 参考号: reissued.reference }),
    ]);
    await app.assistance.payments.importReturn(
      payer,
      second.id,
      returnCsv([[reissued.reference, csv2[0]!['金额（元）']!, '成功']]),
      'csv',
    );

    const ledger = (await app.assistance.entitlements.get(approver, failed.entitlement_id)).ledger;
    expect(ledger.map((l) => [l.period, l.status])).toEqual([
      ['2026-11-01', 'paid'],
      ['2026-11-01', 'failed'],
    ]);
    const audit = await app.db.selectFrom('audit_log').select('action').where('action', 'like', 'payment.%').execute();
    expect(audit.map((x) => x.action)).toEqual(
      expect.arrayContaining([
        'payment.cycle_drafted',
        'payment.cycle_approved',
        'payment.file_exported',
        'payment.file_downloaded',
        'payment.return_imported',
        'payment.reissued',
      ]),
    );
  });

  it('refuses approval by the person who drafted the cycle', async () => {
    const draft = await app.assistance.payments.draft(both, {
      programme: 'urbanMinimumAllowance',
      divisionCode: county,
      period: '2026-12',
    });
    await expect(app.assistance.payments.approve(both, draft.id)).rejects.toMatchObject({
      status: 403,
      code: 'maker_checker',
    });
    expect(draft.count).toBe(7); // December: the late starter joins
  });

  it('suspends from the first unpaid month under the county policy, and a suspended household is not in the next cycle', async () => {
    const e = await app.assistance.entitlements.get(approver, entitlements[1]!.id);
    const r = await app.assistance.entitlements.applyChange(approver, e.id, {
      kind: 'suspend',
      reason: '外出务工收入增加，待核查',
      expectedVersion: e.version,
    });
    // November is paid; December is drafted above (policy nextMonth): January
    expect(r.effectiveMonth).toBe('2027-01-01');
    expect(r.document).toMatchObject({ number: expect.stringMatching(/^BG/) });
    await expect(
      app.assistance.entitlements.applyChange(approver, e.id, {
        kind: 'suspend',
        reason: '再次',
        expectedVersion: e.version,
      }),
    ).rejects.toMatchObject({ status: 409, code: 'version_conflict' });
    const jan = await app.assistance.payments.draft(payer, {
      programme: 'urbanMinimumAllowance',
      divisionCode: county,
      period: '2027-01',
    });
    expect(jan.count).toBe(6);
    expect(
      await app.db
        .selectFrom('payments')
        .select('id')
        .where('cycle_id', '=', jan.id)
        .where('entitlement_id', '=', e.id)
        .execute(),
    ).toEqual([]);
  });

  it("counts what was paid against the budget, reads the seeds' ratios, and reports figures without names", async () => {
    await expect(
      app.assistance.funds.setBudget(payer, {
        programme: 'urbanMinimumAllowance',
        divisionCode: county,
        year: 2026,
        budgetFen: 1,
        basis: 'x',
      }),
    ).rejects.toMatchObject({ status: 403 });
    // 1% of a general budget revenue, and 2% beside it as working funds (below the 3% the seeds ask)
    await app.assistance.funds.setBudget(approver, {
      programme: 'urbanMinimumAllowance',
      divisionCode: county,
      year: 2026,
      budgetFen: 100_000_000,
      workingFundsFen: 2_000_000,
      generalRevenueFen: 10_000_000_000,
      basis: '河财社〔2026〕1号（示例）',
    });
    const f = await app.assistance.funds.funds(approver, 2026);
    const paid = (
      await app.db
        .selectFrom('payments')
        .select((e) => e.fn.sum<string>('amount_fen').as('s'))
        .where('status', '=', 'paid')
        .where('programme', '=', 'urbanMinimumAllowance')
        .executeTakeFirstOrThrow()
    ).s;
    expect(f.budgets[0]).toMatchObject({
      programme: 'urbanMinimumAllowance',
      budgetFen: 100_000_000,
      paidFen: Number(paid),
    });
    expect(f.indicators[0]).toMatchObject({
      shareOfRevenue: 0.01,
      shareOfRevenueOk: true,
      workingShare: 0.02,
      workingShareOk: false,
    });
    const report = await app.assistance.funds.report(approver, 2026);
    expect(report.reduce((s, r) => s + r.totalFen, 0)).toBe(Number(paid));
    expect(report.every((r) => r.month === '2026-11' && r.classCode === 'A')).toBe(true);
    const sheet = await app.assistance.funds.reportSheet(approver, 2026, 'csv');
    expect(sheet.body.toString('utf8')).toContain('乡镇（街道）,项目,类别,月份,笔数,金额（元）');
    expect(sheet.body.toString('utf8')).not.toMatch(/户主/);
  });
});
