import { sql } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import { closedLate } from '../../core/cases/case-stats.ts';
import type { Executor } from '../../core/db/database.ts';

// Read-only views over the work orders: the coordination board (scoped), the published figures and
// Open311's requests (public: aggregates, or only what a public category lets out).

/** Open work orders inside the scope (lead department or place), joined to their lead department. */
function openOrdersInScope(db: Executor, scope: Scope) {
  return db
    .selectFrom('cases as c')
    .innerJoin('departments as d', 'd.id', 'c.owning_department_id')
    .where('c.type_code', '=', 'complaint_order')
    .where('c.is_open', '=', true)
    .where(inScope(scope, { department: 'c.owning_department_id', division: 'c.division_code' }));
}

const listed = ['c.id', 'c.number', 'c.title', 'c.status', 'c.due_date as dueDate', 'd.name as department'] as const;

export async function countOpenOrdersByDepartment(db: Executor, scope: Scope) {
  return openOrdersInScope(db, scope)
    .select([
      'd.id',
      'd.name',
      sql<number>`count(*)::int`.as('open'),
      sql<number>`(count(*) FILTER (WHERE c.status = 'received'))::int`.as('toDispatch'),
      sql<number>`(count(*) FILTER (WHERE c.status = 'dispatched'))::int`.as('toSign'),
      sql<number>`(count(*) FILTER (WHERE c.status = 'signed'))::int`.as('handling'),
      sql<number>`(count(*) FILTER (WHERE c.status IN ('replied', 'calledBack')))::int`.as('replied'),
      sql<number>`(count(*) FILTER (WHERE c.due_state = 'overdue'))::int`.as('overdue'),
    ])
    .groupBy(['d.id', 'd.name'])
    .orderBy('overdue', 'desc')
    .orderBy('open', 'desc')
    .execute();
}

/** The supervision list: overdue orders with the highest escalation step taken. */
export async function listOverdueOrders(db: Executor, scope: Scope) {
  return openOrdersInScope(db, scope)
    .select([
      ...listed,
      sql<number>`(SELECT max(level) FROM complaint_escalations e WHERE e.case_id = c.id)`.as('escalation'),
    ])
    .where('c.due_state', '=', 'overdue')
    .orderBy('c.due_date')
    .limit(200)
    .execute();
}

/** Orders waiting for the centre itself: to dispatch (new, or sent back), to call back, to close. */
export async function listCentreSteps(db: Executor, scope: Scope) {
  return openOrdersInScope(db, scope)
    .select([...listed, 'c.opened_at as openedAt'])
    .where('c.status', 'in', ['received', 'replied', 'calledBack'])
    .orderBy('c.opened_at')
    .limit(200)
    .execute();
}

/** 事事有回音: a period's counts by lead department or category. Public: aggregates only, no record is returned. */
export async function countFigures(db: Executor, from: Date, to: Date, by: 'department' | 'category') {
  const group = by === 'department' ? sql.raw('d.name') : sql.raw('cat.name');
  const { rows } = await sql<{
    label: string;
    received: number;
    settled: number;
    onTime: number;
    calledBack: number;
    satisfied: number;
    repeated: number;
  }>`
      WITH m AS (
        SELECT k.*, c.is_open, c.closed_at, c.status, c.clocks, c.owning_department_id,
               (SELECT x.inputs->'fields'->>'satisfaction' FROM case_actions x WHERE x.case_id = c.id AND x.action = 'callback' ORDER BY x.seq DESC LIMIT 1) AS satisfaction,
               (k.previous_case_id IS NOT NULL OR EXISTS (SELECT 1 FROM complaints e WHERE e.complainant_phone_bidx = k.complainant_phone_bidx AND e.received_at < k.received_at)) AS repeated
          FROM complaints k JOIN cases c ON c.id = k.case_id
         WHERE k.received_at >= ${from} AND k.received_at < ${to}
      )
      SELECT ${group} AS label, count(*)::int AS received,
             (count(*) FILTER (WHERE NOT c.is_open))::int AS settled,
             (count(*) FILTER (WHERE NOT c.is_open AND NOT ${closedLate}))::int AS "onTime",
             (count(*) FILTER (WHERE c.satisfaction IS NOT NULL AND c.satisfaction <> 'unreachable'))::int AS "calledBack",
             (count(*) FILTER (WHERE c.satisfaction IN ('satisfied', 'basicallySatisfied')))::int AS satisfied,
             (count(*) FILTER (WHERE c.repeated))::int AS repeated
        FROM m c JOIN departments d ON d.id = c.owning_department_id JOIN complaint_categories cat ON cat.code = c.category_code
       GROUP BY 1 ORDER BY 2 DESC, 1`.execute(db);
  return rows;
}

export interface PublicRequestQuery {
  numbers?: string[];
  categoryCode?: string;
  /** the received window, used when no numbers are given */
  from: Date;
  to: Date;
  isOpen?: boolean;
}

/**
 * Open311's requests: work orders of public categories only (no scope: the public sees what a
 * public category lets out, and the caller coarsens it further), newest first, at most 1000.
 */
export async function listPublicRequests(db: Executor, q: PublicRequestQuery) {
  return db
    .selectFrom('complaints as k')
    .innerJoin('cases as c', 'c.id', 'k.case_id')
    .innerJoin('complaint_categories as cat', 'cat.code', 'k.category_code')
    .innerJoin('departments as d', 'd.id', 'c.owning_department_id')
    .innerJoin('divisions as v', 'v.code', 'k.division_code')
    .leftJoin('divisions as t', 't.code', 'v.parent_code')
    .select([
      'c.number',
      'c.is_open',
      'c.status',
      'c.due_date',
      'k.category_code',
      'cat.name as category',
      'cat.description as summary',
      'd.name as agency',
      'k.received_at',
      'v.name as place',
      'v.level',
      't.name as township',
      'k.lat',
      'k.lng',
      sql<Date>`(SELECT max(x.at) FROM case_actions x WHERE x.case_id = c.id)`.as('updated'),
      sql<
        string | null
      >`(SELECT x.inputs->'fields'->>'result' FROM case_actions x WHERE x.case_id = c.id AND x.action = 'reply' ORDER BY x.seq DESC LIMIT 1)`.as(
        'result',
      ),
    ])
    .where('k.kind', '=', 'complaint')
    .where('cat.public', '=', true)
    .$if(!!q.numbers, (b) => b.where('c.number', 'in', q.numbers!))
    .$if(!!q.categoryCode, (b) => b.where('k.category_code', '=', q.categoryCode!))
    .$if(!q.numbers, (b) => b.where('k.received_at', '>=', q.from).where('k.received_at', '<', q.to))
    .$if(q.isOpen !== undefined, (b) => b.where('c.is_open', '=', q.isOpen!))
    .orderBy('k.received_at', 'desc')
    .limit(1000)
    .execute();
}
