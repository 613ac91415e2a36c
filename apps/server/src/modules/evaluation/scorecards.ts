import type { Scope } from '../../core/auth/actor.ts';
import type { Db } from '../../core/db/database.ts';
import { type SheetFormat, writeSheet } from '../../core/documents/spreadsheet.ts';
import { badInput } from '../../core/errors.ts';
import { staffScorecardRows, windowScorecardRows } from './evaluation-figures.repository.ts';

/** A month as Beijing-time instants [from, to). */
export function monthRange(month: string) {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw badInput('month', '月份格式应为 YYYY-MM', 'Month as YYYY-MM');
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return {
    from: new Date(`${month}-01T00:00:00+08:00`),
    to: new Date(`${next}-01T00:00:00+08:00`),
    firstDay: `${month}-01`,
    nextFirstDay: `${next}-01`,
  };
}

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null);

/**
 * Monthly staff scorecards (for the cadre target-responsibility assessment): cases handled, cases
 * closed and how many on time, reviews and the satisfaction rate, bad reviews and how many were
 * rectified, complaints received through agency packages.
 */
export async function staffScorecards(db: Db, scope: Scope, month: string) {
  const { from, to } = monthRange(month);
  const rows = await staffScorecardRows(db, scope, { from, to });
  return rows.map((r) => ({
    ...r,
    onTimeRate: rate(r.onTime, r.closed),
    satisfactionRate: rate(r.satisfied, r.reviews),
  }));
}

/** Monthly window scorecards: numbers served and absent, the median wait, cases opened, and the window's reviews. */
export async function windowScorecards(db: Db, scope: Scope, month: string) {
  const { from, to, firstDay, nextFirstDay } = monthRange(month);
  const rows = await windowScorecardRows(db, scope, { from, to, firstDay, nextFirstDay });
  return rows.map((r) => ({ ...r, satisfactionRate: rate(r.satisfied, r.reviews) }));
}

export const STAFF_SHEET: Array<[string, string]> = [
  ['部门', 'department'],
  ['工作人员', 'staff'],
  ['经办件数', 'handled'],
  ['办结件数', 'closed'],
  ['按时办结', 'onTime'],
  ['按时办结率(%)', 'onTimeRate'],
  ['评价数', 'reviews'],
  ['满意数', 'satisfied'],
  ['满意率(%)', 'satisfactionRate'],
  ['差评数', 'bad'],
  ['差评已整改', 'rectified'],
  ['投诉数', 'complaints'],
];
export const WINDOW_SHEET: Array<[string, string]> = [
  ['部门', 'department'],
  ['窗口', 'window'],
  ['办结号数', 'served'],
  ['过号数', 'noShow'],
  ['等候中位数(分钟)', 'medianWait'],
  ['办件数', 'cases'],
  ['评价数', 'reviews'],
  ['满意率(%)', 'satisfactionRate'],
  ['差评数', 'bad'],
  ['差评已整改', 'rectified'],
];

/** The month's scorecards as the sheet the cadre assessment takes (Excel, or CSV). */
export async function scorecardSheet(
  format: SheetFormat,
  by: 'staff' | 'window',
  month: string,
  rows: ReadonlyArray<Record<string, unknown>>,
) {
  const columns = by === 'staff' ? STAFF_SHEET : WINDOW_SHEET;
  return writeSheet(
    format,
    `${month}考核`,
    columns.map(([h]) => h),
    rows.map((r) => columns.map(([, k]) => (r[k] ?? '') as string | number)),
    columns.map(([h]) => Math.max(10, h.length * 2 + 2)),
  );
}
