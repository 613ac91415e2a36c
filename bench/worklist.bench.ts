import { sql } from 'kysely';
import { loadActor } from '../apps/server/src/core/auth/auth.repository.ts';
import { workList } from '../apps/server/src/core/cases/case.queries.ts';
import { seedDemo } from '../apps/server/src/demo/demo.seed.ts';
import { insertOpenCases } from './fixtures.ts';
import {
  benchApp,
  type DbKind,
  freshDatabase,
  type Measurement,
  percentile,
  SCALES,
  type Scale,
  timed,
} from './lib.ts';

/** "My department's open cases, due first": page 1 and page 50, through workList and as bare SQL. */
export async function worklistBench(db: DbKind, scale: Scale): Promise<Measurement[]> {
  const { cases, persons } = SCALES[scale];
  const app = await benchApp(await freshDatabase(db, `worklist_${scale}`));
  await seedDemo(app, { persons, seed: 2026, withPersons: false });
  await insertOpenCases(app, cases, '2026-11-20');
  const clerkId = (
    await app.db.selectFrom('users').select('id').where('username', '=', 'clerk').executeTakeFirstOrThrow()
  ).id;
  const actor = (await loadActor(app.db, clerkId))!;
  const inDept = Number(
    (
      await app.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('owning_department_id', '=', actor.departmentId)
        .where('is_open', '=', true)
        .executeTakeFirstOrThrow()
    ).n,
  );
  // the cursor of page 50, found once by walking
  let cursor: string | undefined;
  for (let page = 1; page < 50; page++)
    cursor = (await workList(app.db, actor, 'department', { cursor, limit: 20 })).nextCursor ?? undefined;
  const [due, id] = Buffer.from(cursor!, 'base64url').toString().split('|');
  const bare = (after?: [string, string]) =>
    sql`
    SELECT c.id, c.number, c.title, c.status, c.due_date, c.due_state, c.version, c.flags, c.subject_name, c.type_code, c.owning_department_id, c.due_sort
    FROM cases c WHERE c.is_open AND c.owning_department_id = ${actor.departmentId}::uuid
    ${after ? sql`AND (c.due_sort, c.id) > (${after[0]}::date, ${after[1]}::uuid)` : sql``}
    ORDER BY c.due_sort, c.id LIMIT 21`.execute(app.db);
  const rounds = scale === 'county' ? 400 : 200;
  // ours and the bare SQL alternate, so a pause of the machine falls on both alike
  const measurePair = async (ours: () => Promise<unknown>, base: () => Promise<unknown>) => {
    for (let i = 0; i < 100; i++) {
      await ours();
      await base();
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < rounds; i++) {
      a.push((await timed(ours)).ms);
      b.push((await timed(base)).ms);
    }
    return [
      { p50: percentile(a, 50), p95: percentile(a, 95) },
      { p50: percentile(b, 50), p95: percentile(b, 95) },
    ] as const;
  };
  const out: Measurement[] = [];
  for (const [label, cur, after] of [
    ['work list page 1', undefined, undefined],
    ['work list page 50', cursor, [due!, id!] as [string, string]],
  ] as const) {
    const [ours, base] = await measurePair(
      () => workList(app.db, actor, 'department', { cursor: cur, limit: 20 }),
      () => bare(after),
    );
    const ratio = base.p95 / ours.p95;
    out.push({
      name: label,
      db,
      scale,
      work: `${cases.toLocaleString('en')} open cases, ${inDept.toLocaleString('en')} in the clerk's department`,
      ours: { value: +ours.p95.toFixed(2), unit: 'ms p95', detail: { p50: +ours.p50.toFixed(2) } },
      baseline: {
        value: +base.p95.toFixed(2),
        unit: 'ms p95',
        what: 'the same SQL without the application',
        detail: { p50: +base.p50.toFixed(2) },
      },
      ratio: +ratio.toFixed(3),
      goal: 'p95 < 20 ms and ≤ 2x the baseline',
      met: ours.p95 < 20 && ours.p95 <= 2 * base.p95,
    });
  }
  // every other view, for an actor of each reach: a township worker (their divisions), a reviewer of a
  // department that owns none of these cases (the worst case for a filter the planner misjudges), a
  // supervisor (everywhere). The baseline is the fastest view, the department's page 1 as bare SQL.
  const views = ['all', 'mine', 'dueSoon', 'overdue'] as const;
  for (const username of ['township', 'reviewer', 'supervisor']) {
    const who = (await loadActor(
      app.db,
      (await app.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id,
    ))!;
    for (const list of views)
      for (const sort of ['due', 'opened'] as const) {
        const [ours, base] = await measurePair(
          () => workList(app.db, who, list, { limit: 20, sort }),
          () => bare(),
        );
        out.push({
          name: `work list "${list}" (${sort === 'due' ? 'due first' : 'newest first'}), ${username}`,
          db,
          scale,
          work: `${cases.toLocaleString('en')} open cases; the ${username}'s reach`,
          ours: { value: +ours.p95.toFixed(2), unit: 'ms p95', detail: { p50: +ours.p50.toFixed(2) } },
          baseline: {
            value: +base.p95.toFixed(2),
            unit: 'ms p95',
            what: "the department view's page 1 as bare SQL",
            detail: { p50: +base.p50.toFixed(2) },
          },
          ratio: +(base.p95 / ours.p95).toFixed(3),
          goal: 'p95 < 50 ms',
          met: ours.p95 < 50,
        });
      }
  }
  await app.close();
  return out;
}
