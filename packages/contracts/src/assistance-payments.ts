import { z } from 'zod';
import { PaymentStatus, ProgrammeCode } from './assistance-entitlements.ts';
import { CalendarDate } from './dates.ts';
import { defineEndpoint, fileReply, Instant } from './endpoint.ts';
import { Fen } from './money.ts';

/**
 * 社会化发放: cycles drafted from the active entitlements with control totals, approved by a second person,
 * exported as the bank's file and settled by its return file; the budgets they are paid from and the
 * payment reports (figures only). Money is integer fen.
 */
const tags = ['assistance'];
const byId = z.object({ id: z.uuid() });
const Year = z.coerce.number().int().min(2000).max(2100);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const SetBudget = z.object({
  programme: ProgrammeCode,
  divisionCode: z.string().regex(/^\d{6,12}$/),
  year: z.number().int().min(2000).max(2100),
  budgetFen: z.number().int().min(0),
  workingFundsFen: z.number().int().min(0).optional(),
  generalRevenueFen: z.number().int().min(1).optional(),
  basis: z.string().max(200),
});
export type SetBudget = z.infer<typeof SetBudget>;

export const Funds = z.object({
  year: z.number().int(),
  budgets: z.array(
    z.object({
      programme: z.string(),
      programmeName: z.string(),
      division_code: z.string(),
      divisionName: z.string(),
      budget_fen: Fen,
      working_funds_fen: Fen,
      general_revenue_fen: Fen.nullable(),
      basis: z.string(),
      budgetFen: Fen,
      /** paid so far against it, in its division's subtree */
      paidFen: Fen,
      spentShare: z.number().nullable(),
    }),
  ),
  /** the seeds' ratios by division: allowance budget 0.8–1.5% of general budget revenue, working funds at least 3% */
  indicators: z.array(
    z.object({
      divisionCode: z.string(),
      divisionName: z.string(),
      allowanceBudgetFen: Fen,
      shareOfRevenue: z.number().nullable(),
      workingShare: z.number().nullable(),
      shareOfRevenueOk: z.boolean().nullable(),
      workingShareOk: z.boolean().nullable(),
    }),
  ),
});
export type Funds = z.infer<typeof Funds>;

export const PaymentReportRow = z.object({
  township: z.string(),
  townshipName: z.string(),
  programme: z.string(),
  programmeName: z.string(),
  classCode: z.string(),
  /** YYYY-MM */
  month: z.string(),
  payments: z.number().int(),
  totalFen: Fen,
});
export type PaymentReportRow = z.infer<typeof PaymentReportRow>;

export const BankTemplate = z.object({ code: z.string(), name: z.string(), columns: z.array(z.string()) });
export type BankTemplate = z.infer<typeof BankTemplate>;

export const CycleStatus = z.enum(['draft', 'approved']);
export type CycleStatus = z.infer<typeof CycleStatus>;

export const CycleRow = z.object({
  id: z.string(),
  number: z.string(),
  programme: z.string(),
  division_code: z.string(),
  divisionName: z.string(),
  /** the first day of the period paid */
  period: CalendarDate,
  status: CycleStatus,
  payment_count: z.number().int(),
  total_fen: Fen,
  prepared_at: Instant,
  approved_at: Instant.nullable(),
});
export type CycleRow = z.infer<typeof CycleRow>;

/** A payable household or person a cycle leaves out, and why (an account to enter, or to verify). */
export const SkippedPayee = z.object({
  entitlementId: z.string(),
  householdNumber: z.string(),
  payeeName: z.string(),
  reason: z.enum(['noAccount', 'accountUnverified']),
});
export type SkippedPayee = z.infer<typeof SkippedPayee>;

export const DraftCycle = z.object({
  programme: ProgrammeCode,
  divisionCode: z.string().regex(/^\d{6,12}$/),
  /** YYYY-MM */
  period: z.string().max(7),
});
export type DraftCycle = z.infer<typeof DraftCycle>;

export const DraftedCycle = z.object({
  id: z.string(),
  number: z.string(),
  count: z.number().int(),
  totalFen: Fen,
  withoutAccount: z.number().int(),
  unverifiedAccount: z.number().int(),
  skipped: z.array(SkippedPayee),
});
export type DraftedCycle = z.infer<typeof DraftedCycle>;

export const CycleDetail = CycleRow.extend({
  prepared_by: z.string(),
  preparedByName: z.string().nullable(),
  approvedByName: z.string().nullable(),
  byStatus: z.array(z.object({ status: PaymentStatus, count: z.number().int(), totalFen: Fen })),
  files: z.array(
    z.object({
      id: z.string(),
      seq: z.number().int(),
      bank_template: z.string().nullable(),
      payment_count: z.number().int(),
      total_fen: Fen,
      exported_at: Instant.nullable(),
      returned_at: Instant.nullable(),
    }),
  ),
  /** payments that need a look: not paid, or re-issued */
  attention: z.array(
    z.object({
      id: z.number(),
      reference: z.string(),
      payee_name: z.string(),
      amount_fen: Fen,
      status: PaymentStatus,
      failure_reason: z.string().nullable(),
      reissue_of: z.number().nullable(),
      file_id: z.string().nullable(),
    }),
  ),
  skipped: z.array(SkippedPayee),
});
export type CycleDetail = z.infer<typeof CycleDetail>;

/** A line of a refused return file, with its problem (the 422 `problems`). */
export const ReturnProblem = z.object({ line: z.number().int(), field: z.string(), zh: z.string(), en: z.string() });
export type ReturnProblem = z.infer<typeof ReturnProblem>;

export const assistancePayments = {
  setBudget: defineEndpoint({
    method: 'PUT',
    path: '/assistance/budgets',
    tags,
    summary: "预算 Set a programme's budget for a division and year (with working funds and general budget revenue)",
    body: SetBudget,
    response: z.object({ ok: z.boolean() }),
  }),
  funds: defineEndpoint({
    method: 'GET',
    path: '/assistance/funds',
    tags,
    summary: "资金 Budgets, paid to date, and the seeds' ratios",
    query: z.object({ year: Year }),
    response: Funds,
  }),
  report: defineEndpoint({
    method: 'GET',
    path: '/assistance/reports/payments',
    tags,
    summary:
      '发放统计 Paid payments by township, programme, class and month (figures only); Excel or CSV with format=xlsx or csv',
    query: z.object({ year: Year, format: z.enum(['json', 'csv', 'xlsx']).default('json') }),
    response: z.array(PaymentReportRow),
  }),
  bankTemplates: defineEndpoint({
    method: 'GET',
    path: '/assistance/bank-templates',
    tags,
    summary: '银行模板 Bank file templates',
    response: z.array(BankTemplate),
  }),
  cycles: defineEndpoint({
    method: 'GET',
    path: '/assistance/payment-cycles',
    tags,
    summary: '发放批次 Payment cycles',
    query: z.object({ programme: z.string().max(40).optional() }),
    response: z.array(CycleRow),
  }),
  draft: defineEndpoint({
    method: 'POST',
    path: '/assistance/payment-cycles',
    tags,
    summary: '编制发放批次 Draft a cycle from the active entitlements, with control totals',
    body: DraftCycle,
    response: DraftedCycle,
    status: 201,
  }),
  cycle: defineEndpoint({
    method: 'GET',
    path: '/assistance/payment-cycles/:id',
    tags,
    summary: '批次详情 A cycle: totals by status, bank files, payments needing attention',
    params: byId,
    response: CycleDetail,
  }),
  approve: defineEndpoint({
    method: 'POST',
    path: '/assistance/payment-cycles/:id/approve',
    tags,
    summary: '复核批次 Approve a cycle (not by the person who drafted it)',
    params: byId,
    response: z.object({ id: z.string(), status: z.literal('approved') }),
  }),
  exportFile: defineEndpoint({
    method: 'POST',
    path: '/assistance/payment-cycles/:id/files',
    tags,
    summary: '生成银行文件 Make the bank file of the payments not yet sent',
    params: byId,
    body: z.object({ template: z.string().max(40).default('standard') }),
    response: z.object({ id: z.string(), seq: z.number().int(), count: z.number().int(), totalFen: Fen }),
    status: 201,
  }),
  downloadFile: defineEndpoint({
    method: 'GET',
    path: '/assistance/payment-files/:id/download',
    tags,
    summary: '下载银行文件 Download a bank file (audited)',
    params: byId,
    query: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
    response: fileReply(XLSX, 'the bank file as a spreadsheet (CSV with format=csv)'),
  }),
  importReturn: defineEndpoint({
    method: 'POST',
    path: '/assistance/payment-files/:id/return',
    tags,
    summary:
      "导入回盘 Import the bank's return file (CSV or XLSX, multipart); refused whole with a report on any mismatch (422 with `problems`)",
    params: byId,
    response: z.object({ paid: z.number().int(), failed: z.number().int() }),
  }),
  reissue: defineEndpoint({
    method: 'POST',
    path: '/assistance/payments/:id/reissue',
    tags,
    summary: '重新发放 Re-issue a failed payment after the account was corrected',
    params: z.object({ id: z.string().regex(/^\d{1,18}$/) }),
    response: z.object({ id: z.string(), reference: z.string() }),
    status: 201,
  }),
};
