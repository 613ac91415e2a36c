import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { type Actor, requireScope, scopeCovers } from '../auth/actor.ts';
import { type WorkList, type WorkListFilter, workList } from './work-list.ts';

/**
 * The "all" view of a restricted actor is read branch by branch (own departments, assisted cases,
 * divisions under theirs) and merged. Whatever the plan, every page must be what one plain filter and
 * sort of the table gives: checked here against that reference, page by page, for several scopes,
 * both orders and a filter.
 */
let app: App;
interface Row {
  id: string;
  due_sort: string;
  opened_at: Date;
  owning_department_id: string;
  assisting_department_ids: string[];
  division_code: string;
  path: string;
  type_code: string;
  assignee_id: string | null;
}
let table: Row[];

beforeAll(async () => {
  app = await testApp();
  const depts = (await app.db.selectFrom('departments').select('id').execute()).map((d) => d.id);
  const villages = (await app.db.selectFrom('divisions').select('code').where('level', '>=', 4).execute()).map(
    (d) => d.code,
  );
  const clerk = await actorNamed(app, 'clerk');
  // 400 open cases spread over every department and division, some assisted by a second department,
  // many sharing a due date (so the id decides), opened at distinct instants; a few closed
  await sql`
    INSERT INTO cases (type_code, number, title, subject_type, subject_id, subject_name, division_code, owning_department_id,
                       assisting_department_ids, assignee_id, status, clocks, due_date, due_soon_date, due_state, version, data,
                       opened_at, is_open)
    SELECT CASE WHEN g % 3 = 0 THEN 'complaint_order' ELSE 'service_application' END, 'WL-' || g, '列表测试', 'person',
           gen_random_uuid(), '测试', (${villages}::text[])[1 + (g * 7) % ${villages.length}],
           (${depts}::uuid[])[1 + (g * 13) % ${depts.length}],
           CASE WHEN g % 5 = 0 THEN ARRAY[(${depts}::uuid[])[1 + (g * 3) % ${depts.length}]] ELSE '{}'::uuid[] END,
           CASE WHEN g % 4 = 0 THEN ${clerk.id}::uuid END,
           'accepted', '[]', d.due, d.due - 3, 'normal', 1, '{}', now() - g * interval '1 minute', g % 17 <> 0
    FROM generate_series(1, 400) g, LATERAL (SELECT DATE '2026-12-01' + (g % 23) AS due) d`.execute(app.db);
  table = (
    await app.db
      .selectFrom('cases as c')
      .innerJoin('divisions as d', 'd.code', 'c.division_code')
      .select([
        'c.id',
        'c.due_sort',
        'c.opened_at',
        'c.owning_department_id',
        'c.assisting_department_ids',
        'c.division_code',
        'd.path',
        'c.type_code',
        'c.assignee_id',
      ])
      .where('c.is_open', '=', true)
      .execute()
  ).map((r) => ({ ...r, due_sort: String(r.due_sort) }));
});
afterAll(async () => {
  await app?.close();
});

/** What the list must show: a plain filter of every open case by the scope, then a plain sort. */
function reference(actor: Actor, list: WorkList, filter: WorkListFilter): string[] {
  const scope = requireScope(actor, 'case.read');
  return table
    .filter((r) =>
      list === 'department'
        ? r.owning_department_id === actor.departmentId
        : scopeCovers(scope, {
            departmentIds: [r.owning_department_id, ...r.assisting_department_ids],
            divisionPath: r.path,
          }),
    )
    .filter((r) => list !== 'mine' || r.assignee_id === actor.id)
    .filter((r) => !filter.type || r.type_code === filter.type)
    .sort((a, b) =>
      filter.sort === 'opened'
        ? b.opened_at.getTime() - a.opened_at.getTime() || (a.id < b.id ? 1 : -1)
        : a.due_sort.localeCompare(b.due_sort) || (a.id < b.id ? -1 : 1),
    )
    .map((r) => r.id);
}

async function allPages(actor: Actor, list: WorkList, filter: WorkListFilter): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const p = await workList(app.db, actor, list, { ...filter, cursor, limit: 7 });
    ids.push(...p.items.map((i) => i.id));
    if (!p.nextCursor) return ids;
    cursor = p.nextCursor;
  }
  throw new Error('the list never ended');
}

describe('work lists', () => {
  for (const username of ['township', 'reviewer', 'operator', 'clerk', 'supervisor'])
    for (const filter of [{}, { sort: 'opened' as const }, { type: 'complaint_order' }])
      it(`${username}, ${JSON.stringify(filter)}: every page of "all" is the plain filter and sort, no case twice`, async () => {
        const actor = await actorNamed(app, username);
        const expected = reference(actor, 'all', filter);
        const got = await allPages(actor, 'all', filter);
        expect(new Set(got).size).toBe(got.length);
        expect(got).toEqual(expected);
      });

  it('the department and mine views follow the same rule', async () => {
    const clerk = await actorNamed(app, 'clerk');
    for (const list of ['department', 'mine'] as const)
      for (const filter of [{}, { sort: 'opened' as const }])
        expect(await allPages(clerk, list, filter)).toEqual(reference(clerk, list, filter));
  });

  it('the check can fail: a restricted actor sees fewer cases than one who reads everywhere', async () => {
    const township = reference(await actorNamed(app, 'township'), 'all', {});
    const supervisor = reference(await actorNamed(app, 'supervisor'), 'all', {});
    expect(township.length).toBeGreaterThan(0);
    expect(township.length).toBeLessThan(supervisor.length);
  });
});
