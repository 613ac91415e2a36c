import type { EvaluationDimension } from '@grassroots/contracts';
import { sql } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import { closedLate } from '../../core/cases/case-stats.ts';
import type { Db } from '../../core/db/database.ts';
import { departmentsInScope } from '../service-centre/index.ts';

/**
 * The 好差评 figures: published results and monthly scorecards, counted in SQL. Every query limits the
 * departments to the reader's scope; only the public results pass none.
 */

const GROUP: Record<EvaluationDimension, { key: ReturnType<typeof sql.raw>; label: ReturnType<typeof sql.raw> }> = {
  department: { key: sql.raw('d.id::text'), label: sql.raw('d.name') },
  window: {
    key: sql.raw(`d.id::text || '/' || coalesce(k.window_name, '')`),
    label: sql.raw(`d.name || ' ' || coalesce(k.window_name, '（未经窗口）')`),
  },
  staff: { key: sql.raw(`coalesce(k.staff_id::text, '')`), label: sql.raw(`coalesce(u.display_name, '（系统）')`) },
  item: { key: sql.raw(`coalesce(k.item_code, '')`), label: sql.raw(`coalesce(i.name, '（非事项办件）')`) },
};

/**
 * Counts per group for a period [from, to): reviews (those excluded by an upheld appeal apart) and,
 * when `unratedAsSatisfied`, catalogue services closed before `cutoff` and never rated, as level 4.
 */
export async function countResults(
  db: Db,
  q: {
    by: EvaluationDimension;
    from: Date;
    to: Date;
    cutoff: Date;
    unratedAsSatisfied: boolean;
    scope?: Scope | undefined;
  },
) {
  const { from, to, cutoff } = q;
  const g = GROUP[q.by];
  const { rows } = await sql<{
    key: string;
    label: string;
    total: number;
    l1: number;
    l2: number;
    l3: number;
    l4: number;
    l5: number;
    unrated: number;
    excluded: number;
    bad: number;
    rectified: number;
  }>`
    WITH counted AS (
      SELECT e.department_id, e.window_name, e.staff_id, e.item_code, e.level,
             coalesce(a.decision = 'upheld', false) AS excluded, false AS unrated, e.level <= 2 AS bad, coalesce(r.status = 'closed', false) AS rectified
      FROM evaluations e
      LEFT JOIN evaluation_appeals a ON a.evaluation_id = e.id
      LEFT JOIN cases r ON r.id = e.rectification_case_id
      WHERE e.created_at >= ${from} AND e.created_at < ${to}
      UNION ALL
      SELECT c.owning_department_id, w.name, last.actor_id, c.data->>'itemCode', 4, false, true, false, false
      FROM cases c
      LEFT JOIN queue_tickets t ON t.case_id = c.id
      LEFT JOIN centre_windows w ON w.id = t.window_id
      LEFT JOIN LATERAL (SELECT actor_id FROM case_actions x WHERE x.case_id = c.id AND x.actor_id IS NOT NULL ORDER BY x.seq DESC LIMIT 1) last ON true
      WHERE ${q.unratedAsSatisfied} AND c.type_code = 'catalogue_application' AND NOT c.is_open AND c.status = 'closed'
        AND c.closed_at >= ${from} AND c.closed_at < ${to} AND c.closed_at < ${cutoff}
        AND NOT EXISTS (SELECT 1 FROM evaluations x WHERE x.case_id = c.id)
    )
    SELECT ${g.key} AS key, ${g.label} AS label,
      (count(*) FILTER (WHERE NOT excluded))::int AS total,
      (count(*) FILTER (WHERE level = 1 AND NOT excluded))::int AS l1, (count(*) FILTER (WHERE level = 2 AND NOT excluded))::int AS l2,
      (count(*) FILTER (WHERE level = 3 AND NOT excluded))::int AS l3, (count(*) FILTER (WHERE level = 4 AND NOT excluded))::int AS l4,
      (count(*) FILTER (WHERE level = 5 AND NOT excluded))::int AS l5,
      (count(*) FILTER (WHERE unrated))::int AS unrated, (count(*) FILTER (WHERE excluded))::int AS excluded,
      (count(*) FILTER (WHERE bad AND NOT excluded))::int AS bad, (count(*) FILTER (WHERE bad AND rectified AND NOT excluded))::int AS rectified
    FROM counted k
    JOIN departments d ON d.id = k.department_id
    LEFT JOIN users u ON u.id = k.staff_id
    LEFT JOIN service_items i ON i.code = k.item_code AND i.current
    WHERE ${q.scope ? sql`k.department_id IN (${departmentsInScope(db, q.scope)})` : sql`true`}
    GROUP BY 1, 2
    ORDER BY 2`.execute(db);
  return rows;
}

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

/** Per staff member of the scope's departments, for [from, to): handled, closed, on time, reviews, complaints. */
export async function staffScorecardRows(db: Db, scope: Scope, { from, to }: { from: Date; to: Date }) {
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
  return rows;
}

/** Per window of the scope's departments: numbers in [firstDay, nextFirstDay), reviews in [from, to). */
export async function windowScorecardRows(
  db: Db,
  scope: Scope,
  { from, to, firstDay, nextFirstDay }: { from: Date; to: Date; firstDay: string; nextFirstDay: string },
) {
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
  return rows;
}
