import { RegisterMatter } from '@grassroots/contracts';
import { sql } from 'kysely';
import pg from 'pg';
import { loadActor } from '../apps/server/src/core/auth/auth.repository.ts';
import {
  CategoriesService,
  ComplaintsService,
  CoordinationService,
} from '../apps/server/src/modules/complaints/index.ts';
import { seedDemo } from '../apps/server/src/demo/demo.seed.ts';
import { benchApp, type DbKind, freshDatabase, log, type Measurement, percentile, type Scale, timed } from './lib.ts';

const CATEGORIES = [
  'property.utilities.heating',
  'property.services',
  'property.developer',
  'property.illegal_construction',
  'municipal',
  'environment',
  'social',
];
const STREETS = ['龙门大道', '滨河路', '府前街', '新华路', '建设路', '迎宾街', '黄河路', '汾阳路'];

/**
 * The coordination centre at the seeds' scale, on PostgreSQL:
 * - intake of a day's matters (10,000; 2,000 at the small scale) by 8 operators at once, each
 *   registered with its duplicate checks (same caller, same place) and dispatched by its category's
 *   route, against the same number of bare single-row INSERT transactions;
 * - the department board over a year of matters (the day's matters copied across 365 days, 3% still
 *   open), p95 of 50 reads, against the same SQL without the application.
 */
export async function complaintsBench(db: DbKind, scale: Scale): Promise<Measurement[]> {
  const day = scale === 'county' ? 10_000 : 2_000;
  const target = await freshDatabase(db, `complaints_${scale}`);
  const app = await benchApp(target);
  await seedDemo(app, { persons: 2000, seed: 2026 });
  const operator = (await loadActor(
    app.db,
    (await app.db.selectFrom('users').select('id').where('username', '=', 'operator').executeTakeFirstOrThrow()).id,
  ))!;
  const complaints = new ComplaintsService(app.db, app.cases, app.cipher, app.caseTypes);
  const villages = (
    await app.db
      .selectFrom('divisions')
      .select('code')
      .where('level', '=', 5)
      .where('code', 'like', '140882%')
      .execute()
  ).map((v) => v.code);
  const routes = new Map<string, { leadDepartmentId: string; assistingDepartmentIds: string[] }>();
  const fallback = (
    await app.db.selectFrom('departments').select('id').where('code', '=', '140882-ZF1').executeTakeFirstOrThrow()
  ).id;
  for (const c of CATEGORIES)
    routes.set(
      c,
      (await new CategoriesService(app.db).suggestRoute(c)) ?? {
        leadDepartmentId: fallback,
        assistingDepartmentIds: [],
      },
    );

  log(`complaints: intake of ${day} matters by 8 operators`);
  const ms: number[] = [];
  let next = 0;
  // as the route hands it over: parsed by the contract
  const matter = (i: number) =>
    RegisterMatter.parse({
      channel: 'hotline',
      categoryCode: CATEGORIES[i % CATEGORIES.length]!,
      divisionCode: villages[i % villages.length]!,
      address: `${STREETS[i % STREETS.length]}${(i * 7) % 300}号`,
      description: `第${i}号来电：${CATEGORIES[i % CATEGORIES.length]}问题，请尽快处理`,
      complainant: { name: `来电人${i % 3000}`, phone: `13${String(500_000_000 + (i % 4000)).padStart(9, '0')}` },
    });
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = next++; i < day; i = next++) {
        ms.push(
          (
            await timed(async () => {
              const r = await complaints.register(operator, matter(i));
              const route = routes.get(matter(i).categoryCode)!;
              await complaints.dispatch(operator, r.case.id, { expectedVersion: r.case.version, ...route });
            })
          ).ms,
        );
      }
    }),
  );
  const intakeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await app.close();

  const pool = new pg.Pool({ connectionString: target.url, max: 8 });
  await pool.query(
    'CREATE TABLE bench_intake (id bigserial PRIMARY KEY, category text, division text, address text, description text, phone text, at timestamptz DEFAULT now())',
  );
  let bare = 0;
  const bareStart = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = bare++; i < day; i = bare++) {
        const m = matter(i);
        await pool.query(
          'INSERT INTO bench_intake (category, division, address, description, phone) VALUES ($1, $2, $3, $4, $5)',
          [m.categoryCode, m.divisionCode, m.address, m.description, m.complainant.phone],
        );
      }
    }),
  );
  const bareSeconds = Number(process.hrtime.bigint() - bareStart) / 1e9;

  // a year: the day's orders copied across 365 days, most of them long closed
  log('complaints: copying the day across a year');
  const cols = (
    await pool.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'cases' AND is_generated = 'NEVER' AND column_name NOT IN ('id', 'number', 'is_open', 'opened_at') ORDER BY ordinal_position`,
    )
  ).rows.map((r: { column_name: string }) => r.column_name);
  await pool.query(`INSERT INTO cases (number, is_open, opened_at, ${cols.join(', ')})
    SELECT c.number || '-' || g, random() < 0.03, c.opened_at - make_interval(days => g), ${cols.map((c) => `c.${c}`).join(', ')}
      FROM cases c, generate_series(1, 364) g WHERE c.type_code = 'complaint_order'`);
  await pool.query('ANALYZE cases');
  const total = (
    await pool.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE is_open)::int AS open FROM cases WHERE type_code = 'complaint_order'`,
    )
  ).rows[0] as { n: number; open: number };
  await pool.end();

  const reader = await benchApp(target);
  const boardService = new CoordinationService(reader.db);
  const operatorAgain = (await loadActor(reader.db, operator.id))!;
  const board: number[] = [];
  const bareBoard: number[] = [];
  for (let i = 0; i < 55; i++) {
    const ours = (await timed(() => boardService.board(operatorAgain))).ms;
    const raw = (
      await timed(() =>
        sql`SELECT d.id, d.name, count(*) AS open, count(*) FILTER (WHERE c.due_state = 'overdue') AS overdue FROM cases c JOIN departments d ON d.id = c.owning_department_id
      WHERE c.type_code = 'complaint_order' AND c.is_open GROUP BY d.id, d.name`.execute(reader.db),
      )
    ).ms;
    if (i >= 5) {
      board.push(ours);
      bareBoard.push(raw);
    }
  }
  await reader.close();
  const p95 = (xs: number[]) => +percentile(xs, 95).toFixed(1);
  return [
    {
      name: 'complaint intake with routing and duplicate checks',
      db,
      scale,
      work: `${day.toLocaleString('en')} matters by 8 operators at once: register (duplicate checks) and dispatch (lead, assisting, transfer)`,
      ours: {
        value: Math.round(day / intakeSeconds),
        unit: 'matters/s',
        detail: { seconds: +intakeSeconds.toFixed(1), p95ms: p95(ms) },
      },
      baseline: {
        value: Math.round(day / bareSeconds),
        unit: 'rows/s',
        what: 'the same number of bare single-row INSERT transactions, 8 connections',
      },
      ratio: +(day / intakeSeconds / (day / bareSeconds)).toFixed(3),
      goal: 'a day of 10,000 matters in under 10 minutes (≥ 17/s)',
      met: day / intakeSeconds >= 17,
    },
    {
      name: 'department board over a year of matters',
      db,
      scale,
      work: `${total.n.toLocaleString('en')} work orders over 365 days, ${total.open.toLocaleString('en')} open`,
      ours: { value: p95(board), unit: 'ms p95', detail: { p50: +percentile(board, 50).toFixed(1) } },
      baseline: { value: p95(bareBoard), unit: 'ms p95', what: "the board's aggregate as one bare SQL statement" },
      ratio: +(p95(bareBoard) / p95(board)).toFixed(3),
      goal: 'p95 < 500 ms',
      met: p95(board) < 500,
    },
  ];
}
