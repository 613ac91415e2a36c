import { sql } from 'kysely';
import { type Actor, requireScope } from '../auth/actor.ts';
import { inScope } from '../auth/jurisdiction.ts';
import type { Executor } from '../db/database.ts';

/** A closed case was late when any of its clocks stopped past its due date. */
export const closedLate = sql<boolean>`EXISTS (SELECT 1 FROM jsonb_array_elements(c.clocks) k WHERE (k->>'overdueAtStop')::boolean)`;

/**
 * The home dashboard's figures, all within the actor's jurisdiction: open cases by status and by
 * department, the on-time rate of cases closed in the last 90 days, and by month opened (last six
 * months) how many ran over their limit.
 */
export async function caseDashboard(db: Executor, actor: Actor, today: string) {
  const scope = requireScope(actor, 'case.read');
  const visible = inScope(scope, {
    department: 'c.owning_department_id',
    assisting: 'c.assisting_department_ids',
    division: 'c.division_code',
  });
  const [byStatus, byDepartment, closed, trend] = await Promise.all([
    db
      .selectFrom('cases as c')
      .select(['c.type_code', 'c.status', sql<number>`count(*)::int`.as('n')])
      .where('c.is_open', '=', true)
      .where(visible)
      .groupBy(['c.type_code', 'c.status'])
      .orderBy('n', 'desc')
      .execute(),
    db
      .selectFrom('cases as c')
      .innerJoin('departments as d', 'd.id', 'c.owning_department_id')
      .select([
        'd.name as department',
        sql<number>`count(*)::int`.as('open'),
        sql<number>`count(*) FILTER (WHERE c.due_state = 'overdue')::int`.as('overdue'),
        sql<number>`count(*) FILTER (WHERE c.due_state = 'dueSoon')::int`.as('dueSoon'),
      ])
      .where('c.is_open', '=', true)
      .where(visible)
      .groupBy('d.name')
      .orderBy('open', 'desc')
      .limit(15)
      .execute(),
    db
      .selectFrom('cases as c')
      .select([
        sql<number>`count(*)::int`.as('closed'),
        sql<number>`count(*) FILTER (WHERE NOT ${closedLate})::int`.as('onTime'),
      ])
      .where('c.is_open', '=', false)
      .where('c.closed_at', '>=', sql<Date>`(${today}::date - 90)::timestamp AT TIME ZONE 'Asia/Shanghai'`)
      .where(visible)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('cases as c')
      .select([
        sql<string>`to_char(c.opened_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`.as('month'),
        sql<number>`count(*)::int`.as('opened'),
        sql<number>`count(*) FILTER (WHERE (c.is_open AND c.due_state = 'overdue') OR (NOT c.is_open AND ${closedLate}))::int`.as(
          'overdue',
        ),
      ])
      .where(
        'c.opened_at',
        '>=',
        sql<Date>`date_trunc('month', ${today}::date - interval '5 months')::timestamp AT TIME ZONE 'Asia/Shanghai'`,
      )
      .where(visible)
      .groupBy('month')
      .orderBy('month')
      .execute(),
  ]);
  return {
    openByStatus: byStatus.map((r) => ({ typeCode: r.type_code, status: r.status, count: r.n })),
    openByDepartment: byDepartment,
    onTime: {
      closed: closed.closed,
      onTime: closed.onTime,
      rate: closed.closed ? closed.onTime / closed.closed : null,
    },
    overdueByMonth: lastMonths(today, 6).map(
      (month) => trend.find((t) => t.month === month) ?? { month, opened: 0, overdue: 0 },
    ),
  };
}

/** The n months up to and including today's, oldest first: a month with no case still has its place on the chart. */
function lastMonths(today: string, n: number): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const total = y * 12 + (m - 1) - (n - 1 - i);
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  });
}
