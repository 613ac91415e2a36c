import { type Expression, type ExpressionBuilder, type Selectable, type SqlBool, sql } from 'kysely';
import { type Actor, requireScope } from '../auth/actor.ts';
import type { Executor } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { inScope } from '../auth/jurisdiction.ts';
import { AppError } from '../errors.ts';
import type { CaseView } from './case.queries.ts';

export type WorkList = 'mine' | 'department' | 'dueSoon' | 'overdue' | 'all';

export interface WorkListPage {
  items: Array<
    Pick<CaseView, 'id' | 'number' | 'title' | 'status' | 'dueDate' | 'dueState' | 'version' | 'flags' | 'openedAt'> & {
      subjectName: string;
      typeCode: string;
      owningDepartmentId: string;
      divisionCode: string;
    }
  >;
  nextCursor: string | null;
}

/** Narrowing a work list: all optional, all applied inside the one query. */
export interface WorkListFilter {
  cursor?: string | undefined;
  limit?: number | undefined;
  type?: string | undefined;
  status?: string | undefined;
  /** the division and everything under it */
  division?: string | undefined;
  openedFrom?: string | undefined;
  openedTo?: string | undefined;
  /** due: earliest due first (default); opened: newest first */
  sort?: 'due' | 'opened' | undefined;
}

const COLUMNS = [
  'c.id',
  'c.number',
  'c.title',
  'c.status',
  'c.due_date',
  'c.due_state',
  'c.version',
  'c.flags',
  'c.subject_name',
  'c.type_code',
  'c.owning_department_id',
  'c.division_code',
  'c.due_sort',
  'c.opened_at',
] as const;

type Row = Pick<
  Selectable<DB['cases']>,
  (typeof COLUMNS)[number] extends `c.${infer K}` ? K & keyof DB['cases'] : never
>;
type CasesEb = ExpressionBuilder<DB & { c: DB['cases'] }, 'c'>;

/**
 * Work lists, due first (or newest first), paged by keyset so page 50 costs what page 1 does.
 * Every list is cut to the actor's jurisdiction inside the query.
 *
 * The jurisdiction of a restricted actor is an OR (own departments, cases they assist on, divisions
 * under theirs). Written as one WHERE, the planner cannot know how rare the matches are: it walks the
 * whole due-date index filtering row by row (15 s over a million open cases for a department that
 * owns none). So the "all" view of a restricted actor reads each branch of the OR through its own
 * index, one page from each (per division, one page from each division), and merges them: the work
 * is bounded by the page size times the branches, whatever the table holds.
 */
export async function workList(
  db: Executor,
  actor: Actor,
  list: WorkList,
  opts: WorkListFilter,
): Promise<WorkListPage> {
  const scope = requireScope(actor, 'case.read');
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 200);
  const byOpened = opts.sort === 'opened';
  const after = opts.cursor ? decodeCursor(opts.cursor, byOpened) : undefined;

  /** The list's own condition, the filters and the cursor: the same in every branch. */
  const narrowed = (eb: CasesEb): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [eb('c.is_open', '=', true)];
    if (list === 'mine') parts.push(eb('c.assignee_id', '=', actor.id));
    if (list === 'dueSoon') parts.push(eb('c.due_state', '=', 'dueSoon'));
    if (list === 'overdue') parts.push(eb('c.due_state', '=', 'overdue'));
    if (opts.type) parts.push(eb('c.type_code', '=', opts.type));
    if (opts.status) parts.push(eb('c.status', '=', opts.status));
    if (opts.division) parts.push(eb('c.division_code', 'in', divisionsUnder(eb, opts.division)));
    if (opts.openedFrom)
      parts.push(
        eb('c.opened_at', '>=', sql<Date>`(${opts.openedFrom}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`),
      );
    if (opts.openedTo)
      parts.push(
        eb('c.opened_at', '<', sql<Date>`(${opts.openedTo}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`),
      );
    if (after)
      parts.push(
        byOpened
          ? sql<SqlBool>`(c.opened_at, c.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
          : sql<SqlBool>`(c.due_sort, c.id) > (${after[0]}::date, ${after[1]}::uuid)`,
      );
    return eb.and(parts);
  };
  const sortKey = byOpened ? 'c.opened_at' : 'c.due_sort';
  const direction = byOpened ? 'desc' : 'asc';
  // `viaOwnIndex`: the branch's condition has an index in list order (or is rare enough to sort).
  // The assisting branch's `&&` is estimated at 0.5 % of the table whatever it holds, so the planner
  // would walk the due-date index instead of the GIN one; ordering by an expression no index has
  // leaves it the GIN index and a sort of the (few) cases assisted.
  const page = (restrict: (eb: CasesEb) => Expression<SqlBool>, viaOwnIndex = true) =>
    db
      .selectFrom('cases as c')
      .select(COLUMNS)
      .where((eb) => eb.and([narrowed(eb), restrict(eb)]))
      .orderBy(viaOwnIndex ? sortKey : sql`${sql.ref(sortKey)} + ${byOpened ? sql`interval '0'` : sql`0`}`, direction)
      .orderBy('c.id', direction)
      .limit(limit + 1);

  const inReach = () =>
    inScope(scope, {
      department: 'c.owning_department_id',
      assisting: 'c.assisting_department_ids',
      division: 'c.division_code',
    });
  let rows: Row[];
  // "my department's queue" is itself a jurisdiction condition: every read grant (department,
  // subtree or all) covers the actor's own department; the (department, due) index answers it alone.
  if (list === 'department') rows = await page((eb) => eb('c.owning_department_id', '=', actor.departmentId)).execute();
  // the narrower lists have an index of their own (assignee or due state, then due date) that leaves
  // few rows to check against the scope; newest first, those rows are sorted rather than the whole
  // table walked in opening order for the few that match (4 s for a supervisor's empty "mine")
  else if (list !== 'all') rows = await page(inReach, !byOpened).execute();
  else if (scope.all) rows = await page(inReach).execute();
  else {
    const branches = [
      ...scope.departmentIds.map((id) => page((eb) => eb('c.owning_department_id', '=', id))),
      ...(scope.departmentIds.length
        ? [page((eb) => eb('c.assisting_department_ids', '&&', sql<string[]>`${scope.departmentIds}::uuid[]`), false)]
        : []),
      ...(scope.divisionPaths.length
        ? [
            db
              .selectFrom('divisions as jd')
              .innerJoinLateral(
                () => page((eb) => eb('c.division_code', '=', sql<string>`jd.code`)).as('c'),
                (join) => join.onTrue(),
              )
              .selectAll('c')
              .where(sql<SqlBool>`jd.path LIKE ANY(${scope.divisionPaths.map((p) => `${p}%`)}::text[])`),
          ]
        : []),
    ];
    if (!branches.length) rows = [];
    else {
      const [first, ...rest] = branches.map((b) => db.selectFrom(b.as('b')).selectAll('b'));
      const merged = rest.reduce((u, b) => u.union(b), first!);
      rows = await db
        .selectFrom(merged.as('c'))
        .selectAll('c')
        .orderBy(sortKey, direction)
        .orderBy('c.id', direction)
        .limit(limit + 1)
        .execute();
    }
  }
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  const key = last ? (byOpened ? last.opened_at.toISOString() : last.due_sort) : '';
  return {
    items: shown.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      status: r.status,
      dueDate: r.due_date,
      dueState: r.due_state,
      version: r.version,
      flags: r.flags,
      subjectName: r.subject_name,
      typeCode: r.type_code,
      owningDepartmentId: r.owning_department_id,
      divisionCode: r.division_code,
      openedAt: r.opened_at.toISOString(),
    })),
    nextCursor: rows.length > limit && last ? Buffer.from(`${key}|${last.id}`).toString('base64url') : null,
  };
}

/** The codes of a division and of everything under it. */
function divisionsUnder(eb: CasesEb, division: string) {
  return eb
    .selectFrom('divisions as dv')
    .select('dv.code')
    .where('dv.path', 'like', sql<string>`(SELECT root.path || '%' FROM divisions root WHERE root.code = ${division})`);
}

function decodeCursor(cursor: string, byOpened: boolean): [string, string] {
  const [due, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const keyShape = byOpened ? /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/ : /^\d{4}-\d{2}-\d{2}$/;
  if (!due || !id || !keyShape.test(due) || !/^[0-9a-f-]{36}$/.test(id))
    throw new AppError(400, 'invalid_cursor', '分页游标无效', 'Invalid cursor', 'cursor');
  return [due, id];
}
