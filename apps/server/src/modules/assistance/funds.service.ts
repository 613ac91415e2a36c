import type { SetBudget } from '@grassroots/contracts';
import { type Actor, requireScope } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { Db } from '../../core/db/database.ts';
import { decimalCell, type SheetFormat, SHEET_CONTENT_TYPES, writeSheet } from '../../core/documents/spreadsheet.ts';
import { badInput } from '../../core/errors.ts';
import type { Clock } from '../../core/time.ts';
import * as repo from './funds.repository.ts';
import { findDivisionInScope } from './payment-cycles.repository.ts';
import { programmeName } from './programmes.ts';

const ALLOWANCE = ['urbanMinimumAllowance', 'ruralMinimumAllowance'];
/** the seeds' ratios: allowance budget 0.8–1.5% of general budget revenue; working funds at least 3% of allowance funds */
export const INDICATORS = { allowanceShareOfRevenue: { min: 0.008, max: 0.015 }, workingFundsShare: { min: 0.03 } };

/** Budgets, what has been paid against them, the seeds' ratios, and the payment reports (no names: figures only). */
export class FundsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async setBudget(actor: Actor, b: SetBudget) {
    const scope = requireScope(actor, 'assistance.manage');
    if (!b.basis.trim()) throw badInput('basis', '请填写预算文件', 'Name the budget document');
    return this.db.transaction().execute(async (tx) => {
      const division = await findDivisionInScope(tx, b.divisionCode, scope);
      if (!division)
        throw badInput('divisionCode', '区划不存在或不在您的辖区内', 'Division not found or outside your jurisdiction');
      const row = {
        programme: b.programme,
        division_code: b.divisionCode,
        year: b.year,
        budget_fen: b.budgetFen,
        working_funds_fen: b.workingFundsFen ?? 0,
        general_revenue_fen: b.generalRevenueFen ?? null,
        basis: b.basis.trim(),
        set_by: actor.username,
        set_at: this.clock(),
      };
      await repo.upsertBudget(tx, row);
      await recordAudit(tx, {
        action: 'assistance.budget_set',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        divisionCode: b.divisionCode,
        details: { programme: b.programme, year: b.year, budgetFen: b.budgetFen },
      });
      return { ok: true };
    });
  }

  /** Each budget of the year with what its subtree has been paid so far, and the indicators. */
  async funds(actor: Actor, year: number) {
    const scope = requireScope(actor, 'assistance.read');
    const budgets = await repo.budgetsInScope(this.db, scope, year);
    const rows = budgets.map((b) => ({
      ...b,
      programmeName: programmeName(b.programme),
      budgetFen: Number(b.budget_fen),
      paidFen: Number(b.paidFen),
      spentShare: Number(b.budget_fen) ? Number(b.paidFen) / Number(b.budget_fen) : null,
    }));
    const byDivision = new Map<string, typeof rows>();
    for (const r of rows) byDivision.set(r.division_code, [...(byDivision.get(r.division_code) ?? []), r]);
    const indicators = [...byDivision.entries()].map(([divisionCode, rs]) => {
      const allowance = rs.filter((r) => ALLOWANCE.includes(r.programme));
      const allowanceBudget = allowance.reduce((s, r) => s + r.budgetFen, 0);
      const working = allowance.reduce((s, r) => s + Number(r.working_funds_fen), 0);
      const revenue = Number(allowance.find((r) => r.general_revenue_fen)?.general_revenue_fen ?? 0);
      const shareOfRevenue = revenue ? allowanceBudget / revenue : null;
      const workingShare = allowanceBudget ? working / allowanceBudget : null;
      return {
        divisionCode,
        divisionName: rs[0]!.divisionName,
        allowanceBudgetFen: allowanceBudget,
        shareOfRevenue,
        workingShare,
        shareOfRevenueOk:
          shareOfRevenue === null
            ? null
            : shareOfRevenue >= INDICATORS.allowanceShareOfRevenue.min &&
              shareOfRevenue <= INDICATORS.allowanceShareOfRevenue.max,
        workingShareOk: workingShare === null ? null : workingShare >= INDICATORS.workingFundsShare.min,
      };
    });
    return { year, budgets: rows, indicators };
  }

  /** Paid payments of a year by township, programme, class or category, and month: counts and sums, no one named. */
  async report(actor: Actor, year: number) {
    const scope = requireScope(actor, 'assistance.read');
    const rows = await repo.paidByTownshipInScope(this.db, scope, year);
    return rows.map((r) => ({
      township: r.township,
      townshipName: r.township_name,
      programme: r.programme,
      programmeName: programmeName(r.programme),
      classCode: r.class_code,
      month: r.month,
      payments: r.payments,
      totalFen: Number(r.total),
    }));
  }

  async reportSheet(actor: Actor, year: number, format: SheetFormat) {
    const rows = await this.report(actor, year);
    const body = await writeSheet(
      format,
      `${year}年发放统计`,
      ['乡镇（街道）', '项目', '类别', '月份', '笔数', '金额（元）'],
      rows.map((r) => [r.townshipName, r.programmeName, r.classCode, r.month, r.payments, decimalCell(r.totalFen)]),
      [20, 24, 18, 10, 8, 14],
    );
    return { fileName: `assistance-payments-${year}.${format}`, contentType: SHEET_CONTENT_TYPES[format], body };
  }
}
