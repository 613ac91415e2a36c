import { sql } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import { closedLate } from '../../core/cases/case-stats.ts';
import type { Db } from '../../core/db/database.ts';
import { badInput } from '../../core/errors.ts';
import { departmentsInScope } from '../service-centre/index.ts';

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

/** Reviews counted in a period: an appeal upheld leaves them out. */
const reviewCounts = sql`
  SELECT e.staff_id, e.department_id, e.window_name,
         count(*) FILTER (WHERE NOT coalesce(ap.decision = 'upheld', false))::int AS reviews,
         count(*) FILTER (WHERE e.level >= 3 AND NOT coalesce(ap.decision = 'upheld', false))::int AS satisfied,
         count(*) FILTER (WHERE e.level <= 2 AND NOT coalesce(ap.decision = 'upheld', false))::int AS bad,
         count(*) FILTER (WHERE e.level <= 2 AND NOT coalesce(ap.decision = 'upheld', false) AND r.status = 'closed')::int AS rectified
    FROM evaluations e
    LEFT JOIN evaluation_appeals ap ON ap.evaluation_id = e.id
    LEFT JOIN cases r ON r.id = e.rectification_case_id`;

/**
 * Monthly staff scorecards (for the cadre target-responsibility assessment): cases handled, cases
 * closed and how many on time, reviews and the satisfaction rate, bad reviews and how many were
 * rectified, complaints received through agency packages.
 */
export async function staffScorecards(db: Db, scope: Scope, month: string) {
  const { from, to } = monthRange(month);
  const { rows } = await sql<{
    staffId: string;
    staff: string;
    department: string;
    handled: number;
    closed: number;
    onTime: number;
    reviews: number;
    satisfied: number;
    bad: number;
    rectified: number;
    complaints: number;
  }>`
    WITH handled AS (
      SELECT a.actor_id AS staff_id, count(DISTINCT a.case_id)::int AS n FROM case_actions a
       WHERE a.at >= ${from} AND a.at < ${to} AND a.actor_id IS NOT NULL GROUP BY 1
    ), closings AS (
      SELECT last.actor_id AS staff_id, count(*)::int AS closed, (count(*) FILTER (WHERE NOT ${closedLate}))::int AS on_time
        FROM cases c
        JOIN LATERAL (SELECT x.actor_id FROM case_actions x WHERE x.case_id = c.id ORDER BY x.seq DESC LIMIT 1) last ON true
       WHERE NOT c.is_open AND c.closed_at >= ${from} AND c.closed_at < ${to} GROUP BY 1
    ), reviews AS (
      SELECT staff_id, sum(reviews)::int AS reviews, sum(satisfied)::int AS satisfied, sum(bad)::int AS bad, sum(rectified)::int AS rectified
        FROM (${reviewCounts} WHERE e.created_at >= ${from} AND e.created_at < ${to} GROUP BY 1, 2, 3) k GROUP BY 1
    ), complaints AS (
      SELECT p.agent_id AS staff_id, count(*)::int AS n FROM agency_complaints k JOIN agency_packages p ON p.id = k.package_id
       WHERE k.filed_at >= ${from} AND k.filed_at < ${to} GROUP BY 1
    )
    SELECT u.id AS "staffId", u.display_name AS staff, d.name AS department,
           coalesce(h.n, 0) AS handled, coalesce(c.closed, 0) AS closed, coalesce(c.on_time, 0) AS "onTime",
           coalesce(r.reviews, 0) AS reviews, coalesce(r.satisfied, 0) AS satisfied, coalesce(r.bad, 0) AS bad, coalesce(r.rectified, 0) AS rectified, coalesce(k.n, 0) AS complaints
      FROM users u
      JOIN departments d ON d.id = u.department_id
      LEFT JOIN handled h ON h.staff_id = u.id
      LEFT JOIN closings c ON c.staff_id = u.id
      LEFT JOIN reviews r ON r.staff_id = u.id
      LEFT JOIN complaints k ON k.staff_id = u.id
     WHERE u.department_id IN (${departmentsInScope(db, scope)})
       AND (h.n IS NOT NULL OR c.closed IS NOT NULL OR r.reviews IS NOT NULL OR k.n IS NOT NULL)
     ORDER BY d.name, u.display_name`.execute(db);
  return rows.map((r) => ({
    ...r,
    onTimeRate: rate(r.onTime, r.closed),
    satisfactionRate: rate(r.satisfied, r.reviews),
  }));
}

/** Monthly window scorecards: numbers served and absent, the median wait, cases opened, and the window's reviews. */
export async function windowScorecards(db: Db, scope: Scope, month: string) {
  const { from, to, firstDay, nextFirstDay } = monthRange(month);
  const { rows } = await sql<{
    windowId: string;
    department: string;
    window: string;
    served: number;
    noShow: number;
    medianWait: number | null;
    cases: number;
    reviews: number;
    satisfied: number;
    bad: number;
    rectified: number;
  }>`
    WITH tickets AS (
      SELECT t.window_id, count(*) FILTER (WHERE t.status = 'done')::int AS served, count(*) FILTER (WHERE t.status = 'noShow')::int AS no_show,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.called_at - t.taken_at) / 60) FILTER (WHERE t.called_at IS NOT NULL) AS median_wait,
             count(DISTINCT t.case_id)::int AS cases
        FROM queue_tickets t WHERE t.day >= ${firstDay} AND t.day < ${nextFirstDay} AND t.window_id IS NOT NULL GROUP BY 1
    ), reviews AS (${reviewCounts} WHERE e.created_at >= ${from} AND e.created_at < ${to} AND e.window_name IS NOT NULL GROUP BY 1, 2, 3)
    SELECT w.id AS "windowId", d.name AS department, w.code || '号 ' || w.name AS window,
           coalesce(t.served, 0) AS served, coalesce(t.no_show, 0) AS "noShow", round(t.median_wait::numeric, 1)::float AS "medianWait", coalesce(t.cases, 0) AS cases,
           coalesce(sum(r.reviews), 0)::int AS reviews, coalesce(sum(r.satisfied), 0)::int AS satisfied, coalesce(sum(r.bad), 0)::int AS bad, coalesce(sum(r.rectified), 0)::int AS rectified
      FROM centre_windows w
      JOIN departments d ON d.id = w.department_id
      LEFT JOIN tickets t ON t.window_id = w.id
      LEFT JOIN reviews r ON r.department_id = w.department_id AND r.window_name = w.name
     WHERE w.department_id IN (${departmentsInScope(db, scope)})
     GROUP BY w.id, d.name, w.code, w.name, t.served, t.no_show, t.median_wait, t.cases
     ORDER BY d.name, w.code`.execute(db);
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
