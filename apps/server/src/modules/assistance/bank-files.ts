import { fenOf, yuanOf } from '../../core/values.ts';
import { decimalCell, type SheetCell } from '../../core/documents/spreadsheet.ts';
import { badInput } from '../../core/errors.ts';

/**
 * 社会化发放 bank files. A template is the bank's column layout as data; the amount is always
 * yuan with two decimals, computed from integer fen without floating point. The return file the
 * bank sends back is read by heading aliases and checked whole before anything is settled.
 */
export type BankColumn = 'seq' | 'account' | 'name' | 'amountYuan' | 'reference' | 'memo' | 'bank';

export interface BankTemplate {
  code: string;
  name: string;
  columns: Array<[heading: string, value: BankColumn]>;
}

export const BANK_TEMPLATES: Record<string, BankTemplate> = {
  standard: {
    code: 'standard',
    name: '通用代发模板',
    columns: [
      ['账号', 'account'],
      ['户名', 'name'],
      ['金额', 'amountYuan'],
      ['业务参考号', 'reference'],
    ],
  },
  ruralCredit: {
    code: 'ruralCredit',
    name: '农村信用社代发模板',
    columns: [
      ['序号', 'seq'],
      ['户名', 'name'],
      ['卡号', 'account'],
      ['金额（元）', 'amountYuan'],
      ['摘要', 'memo'],
      ['参考号', 'reference'],
    ],
  },
};

/** A bank account as typed (spaces allowed): 12 to 30 digits, and the bank named with it. */
export function checkedAccount(
  raw: string | undefined,
  bankName: string | undefined,
): { account: string; bankName: string } | undefined {
  const account = raw?.replace(/\s/g, '') || undefined;
  if (!account) return undefined;
  if (!/^\d{12,30}$/.test(account))
    throw badInput(
      'account',
      '银行账号应为12至30位数字',
      'The account number must be 12 to 30 digits',
      'invalid_account',
    );
  if (!bankName?.trim()) throw badInput('bankName', '请填写开户银行', 'Name the bank');
  return { account, bankName: bankName.trim() };
}

// one money type for the product (core/values); re-exported for this module's callers
export { fenOf, yuanOf };

export interface PaymentLine {
  reference: string;
  payeeName: string;
  account: string;
  amountFen: number;
  bankName: string | null;
  memo: string;
}

/** The bank's columns; the amount a number (two decimals in XLSX, "1060.00" in CSV), accounts and names text. */
export function bankFileRows(template: BankTemplate, lines: PaymentLine[]): { header: string[]; rows: SheetCell[][] } {
  const value = (l: PaymentLine, i: number, c: BankColumn): SheetCell => {
    switch (c) {
      case 'seq':
        return String(i + 1);
      case 'account':
        return l.account;
      case 'name':
        return l.payeeName;
      case 'amountYuan':
        return decimalCell(l.amountFen);
      case 'reference':
        return l.reference;
      case 'memo':
        return l.memo;
      case 'bank':
        return l.bankName ?? '';
    }
  };
  return {
    header: template.columns.map(([h]) => h),
    rows: lines.map((l, i) => template.columns.map(([, c]) => value(l, i, c))),
  };
}

const RETURN_ALIASES: Record<string, 'reference' | 'amount' | 'result' | 'reason'> = {
  业务参考号: 'reference',
  参考号: 'reference',
  reference: 'reference',
  流水号: 'reference',
  金额: 'amount',
  '金额（元）': 'amount',
  '金额(元)': 'amount',
  amount: 'amount',
  实发金额: 'amount',
  处理结果: 'result',
  结果: 'result',
  状态: 'result',
  result: 'result',
  status: 'result',
  失败原因: 'reason',
  原因: 'reason',
  备注: 'reason',
  reason: 'reason',
};
const SUCCESS = new Set(['成功', '已入账', 'success', 'paid', '0', 's']);
const FAILURE = new Set(['失败', '退回', 'failed', 'fail', '1', 'f']);

export interface ReturnLine {
  line: number;
  reference: string;
  amountFen: number;
  paid: boolean;
  reason: string | null;
}
export interface ReturnProblem {
  line: number;
  field: string;
  zh: string;
  en: string;
}

/** Parses the bank's return rows; every problem is reported with its line, none is skipped. */
export function parseReturnRows(
  header: string[],
  rows: Array<{ line: number; cells: string[] }>,
): { lines: ReturnLine[]; problems: ReturnProblem[] } {
  const problems: ReturnProblem[] = [];
  const index: Partial<Record<'reference' | 'amount' | 'result' | 'reason', number>> = {};
  header.forEach((h, i) => {
    const key = RETURN_ALIASES[h.replace(/^\uFEFF/, '').trim()] ?? RETURN_ALIASES[h.trim().toLowerCase()];
    if (key && index[key] === undefined) index[key] = i;
  });
  for (const need of ['reference', 'amount', 'result'] as const) {
    if (index[need] === undefined)
      problems.push({
        line: 1,
        field: need,
        zh: `回盘文件缺少「${{ reference: '业务参考号', amount: '金额', result: '处理结果' }[need]}」列`,
        en: `The return file has no ${need} column`,
      });
  }
  if (problems.length) return { lines: [], problems };
  const lines: ReturnLine[] = [];
  for (const r of rows) {
    const cell = (k: keyof typeof index) => (index[k] === undefined ? '' : (r.cells[index[k]!] ?? '').trim());
    const amountFen = fenOf(cell('amount'));
    const result = cell('result').toLowerCase();
    if (!cell('reference'))
      problems.push({ line: r.line, field: 'reference', zh: '缺少业务参考号', en: 'Missing reference' });
    if (amountFen === undefined)
      problems.push({
        line: r.line,
        field: 'amount',
        zh: `金额「${cell('amount')}」无效`,
        en: `Invalid amount ${cell('amount')}`,
      });
    if (!SUCCESS.has(result) && !FAILURE.has(result))
      problems.push({
        line: r.line,
        field: 'result',
        zh: `处理结果「${cell('result')}」无法识别（应为 成功 或 失败）`,
        en: `Unknown result ${cell('result')}`,
      });
    const paid = SUCCESS.has(result);
    if (!paid && FAILURE.has(result) && !cell('reason'))
      problems.push({ line: r.line, field: 'reason', zh: '失败记录应有失败原因', en: 'A failed row needs a reason' });
    lines.push({
      line: r.line,
      reference: cell('reference'),
      amountFen: amountFen ?? -1,
      paid,
      reason: paid ? null : cell('reason') || null,
    });
  }
  return { lines, problems };
}

/**
 * A return file is accepted only if it answers every payment of the bank file exactly once, with
 * the same amounts, and its totals equal the file's control totals.
 */
export function reconcile(
  expected: Map<string, number>,
  file: { count: number; totalFen: number },
  lines: ReturnLine[],
): ReturnProblem[] {
  const problems: ReturnProblem[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const l of lines) {
    const amount = expected.get(l.reference);
    if (amount === undefined)
      problems.push({
        line: l.line,
        field: 'reference',
        zh: `业务参考号 ${l.reference} 不在本批发放文件中`,
        en: `Unknown reference ${l.reference}`,
      });
    else if (amount !== l.amountFen)
      problems.push({
        line: l.line,
        field: 'amount',
        zh: `金额 ${yuanOf(l.amountFen)} 与发放金额 ${yuanOf(amount)} 不符`,
        en: `Amount ${yuanOf(l.amountFen)} differs from ${yuanOf(amount)} paid`,
      });
    if (seen.has(l.reference))
      problems.push({
        line: l.line,
        field: 'reference',
        zh: `业务参考号 ${l.reference} 重复`,
        en: `Reference ${l.reference} repeated`,
      });
    seen.add(l.reference);
    total += Math.max(0, l.amountFen);
  }
  const missing = [...expected.keys()].filter((r) => !seen.has(r));
  if (missing.length)
    problems.push({
      line: 0,
      field: 'reference',
      zh: `回盘缺少 ${missing.length} 笔：${missing.slice(0, 5).join('、')}${missing.length > 5 ? '…' : ''}`,
      en: `${missing.length} payments are missing from the return file`,
    });
  if (lines.length !== file.count || total !== file.totalFen) {
    problems.push({
      line: 0,
      field: 'total',
      zh: `回盘合计 ${lines.length} 笔 ${yuanOf(total)} 元，与发放文件 ${file.count} 笔 ${yuanOf(file.totalFen)} 元不符`,
      en: `Return totals ${lines.length} / ${yuanOf(total)} differ from the file's ${file.count} / ${yuanOf(file.totalFen)}`,
    });
  }
  return problems;
}
