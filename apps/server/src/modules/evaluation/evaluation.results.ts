import { sql } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import type { Db } from '../../core/db/database.ts';
import { departmentsInScope } from '../service-centre/index.ts';
import type { EvaluationPolicy } from './evaluation.service.ts';
import { summarise } from './evaluation.rules.ts';

export const RESULT_DIMENSIONS = ['department', 'window', 'staff', 'item'] as const;
export type ResultDimension = (typeof RESULT_DIMENSIONS)[number];

const GROUP: Record<ResultDimension, { key: ReturnType<typeof sql.raw>; label: ReturnType<typeof sql.raw> }> = {
  department: { key: sql.raw('d.id::text'), label: sql.raw('d.name') },
  window: {
    key: sql.raw(`d.id::text || '/' || coalesce(k.window_name, '')`),
    label: sql.raw(`d.name || ' ' || coalesce(k.window_name, '（未经窗口）')`),
  },
  staff: { key: sql.raw(`coalesce(k.staff_id::text, '')`), label: sql.raw(`coalesce(u.display_name, '（系统）')`) },
  item: { key: sql.raw(`coalesce(k.item_code, '')`), label: sql.raw(`coalesce(i.name, '（非事项办件）')`) },
};

/**
 * The published results (好差评公示) for a period, by department, window, staff member or item.
 * Reviews excluded by an upheld appeal are counted apart; catalogue services closed before the
 * rating window ended and never rated count as the policy says (the national default: 满意).
 * `scope` limits the departments to a reader's reach; the public figures pass none.
 */
export async function evaluationResults(
  db: Db,
  policy: EvaluationPolicy,
  q: { by: ResultDimension; from: string; to: string; now: Date; scope?: Scope | undefined },
) {
  const from = new Date(`${q.from}T00:00:00+08:00`);
  const to = new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000);
  const cutoff = new Date(q.now.getTime() - policy.unratedAfterDays * 86_400_000);
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
      WHERE ${policy.unratedAs === 'satisfied'} AND c.type_code = 'catalogue_application' AND NOT c.is_open AND c.status = 'closed'
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
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    ...summarise({
      total: r.total,
      levels: { 1: r.l1, 2: r.l2, 3: r.l3, 4: r.l4, 5: r.l5 },
      unratedCounted: r.unrated,
      excluded: r.excluded,
      bad: r.bad,
      rectified: r.rectified,
    }),
  }));
}
