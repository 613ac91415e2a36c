import autocannon from 'autocannon';
import pg from 'pg';
import { loadActor } from '../apps/server/src/core/auth/auth.repository.ts';
import { CatalogueService } from '../apps/server/src/modules/catalogue/index.ts';
import { itemToRow, SHEET_COLUMNS } from '../apps/server/src/modules/catalogue/catalogue.sheet.ts';
import { seedDemo } from '../apps/server/src/demo/demo.seed.ts';
import {
  benchApp,
  type DbKind,
  freshDatabase,
  log,
  type Measurement,
  percentile,
  type Scale,
  startBenchServer,
} from './lib.ts';

const PORT = 3901;
const ITEMS = 3000;
const USERS = 50;
const SUBJECTS = [
  '居住',
  '户籍',
  '残疾人',
  '高龄津贴',
  '最低生活保障',
  '临时救助',
  '优抚',
  '婚姻',
  '生育',
  '营业执照',
  '食品经营',
  '道路运输',
  '建设工程',
  '不动产',
  '社会保险',
  '医疗保险',
  '退役军人',
  '学生资助',
  '农机',
  '林木采伐',
];
const ACTIONS = ['证明开具', '申领', '变更', '注销', '补办', '登记', '审批', '备案', '许可', '认定'];
const SCOPES = [
  '',
  '（个人）',
  '（企业）',
  '（首次）',
  '（延续）',
  '（跨省通办）',
  '（港澳台居民）',
  '（外国人）',
  '（村级代办）',
  '（容缺受理）',
  '（网上办）',
  '（邮寄送达）',
  '（上门办）',
  '（加急）',
  '（团体）',
];
/** what residents type: whole names, fragments, and one wrong character (证名 for 证明) */
const QUERIES = [
  '居住证明',
  '残疾人',
  '营业执照变更',
  '不动产登记',
  '高龄',
  '居住证名开具',
  '退役军人认定',
  '食品经营许可',
  '社会保险',
  '临时救助申领',
  '婚姻登记',
  '学生资助',
];

/**
 * The one-stop centre under load, against a real server process on PostgreSQL:
 * - catalogue search: 3,000 items, 50 concurrent users searching (names, fragments, a wrong
 *   character), against the same SQL statement behind a bare endpoint on the same server;
 * - slot booking under contention: 500 residents at once for 100 places, through the booking
 *   endpoint (exactly 100 must be booked), against 500 bare guarded UPDATEs on the same kind of row.
 */
export async function centreBench(db: DbKind, scale: Scale): Promise<Measurement[]> {
  const target = await freshDatabase(db, `centre_${scale}`);
  const setup = await benchApp(target);
  await seedDemo(setup, { persons: 2000, seed: 2026 });
  const sysadmin = (await loadActor(
    setup.db,
    (await setup.db.selectFrom('users').select('id').where('username', '=', 'sysadmin').executeTakeFirstOrThrow()).id,
  ))!;
  const catalogue = new CatalogueService(setup.db, setup.clock);
  const template = await catalogue.get('DEMO-0002');
  const rows = Array.from({ length: ITEMS }, (_, i) =>
    itemToRow({
      ...template,
      code: `BENCH-${String(i + 1).padStart(4, '0')}`,
      name: `${SUBJECTS[i % SUBJECTS.length]}${ACTIONS[Math.floor(i / SUBJECTS.length) % ACTIONS.length]}${SCOPES[Math.floor(i / (SUBJECTS.length * ACTIONS.length)) % SCOPES.length]}`,
    }),
  );
  const csv = [SHEET_COLUMNS.map(([h]) => h), ...rows]
    .map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
    .join('\n');
  log(`centre: importing ${ITEMS} catalogue items`);
  await catalogue.importSheet(sysadmin, Buffer.from(csv), 'csv');
  const centre = (
    await setup.db.selectFrom('departments').select('id').where('code', '=', '140882-BM1').executeTakeFirstOrThrow()
  ).id;
  const window = (
    await setup.db
      .selectFrom('centre_windows')
      .select('id')
      .where('department_id', '=', centre)
      .where('code', '=', '1')
      .executeTakeFirstOrThrow()
  ).id;
  const slotOf = async (startsAt: string) =>
    (
      await setup.db
        .insertInto('appointment_slots')
        .values({
          window_id: window,
          // the next working day: a slot of the pinned day is over once the real time of day passes its end
          day: '2026-11-23',
          starts_at: startsAt,
          ends_at: `${startsAt.slice(0, 2)}:59`,
          capacity: 100,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const bookedSlot = await slotOf('07:00');
  const bareSlot = await slotOf('06:00');
  await setup.close();

  const server = await startBenchServer(target, PORT, {
    GRASSROOTS_BENCH_BASELINE: '1',
    GRASSROOTS_TODAY: '2026-11-20',
    GRASSROOTS_RATE_LIMIT_ALLOWLIST: '127.0.0.1',
  });
  try {
    const base = server.base;
    const seconds = scale === 'county' ? 30 : 10;
    const search = (pathOf: (q: string) => string) =>
      autocannon({
        url: base,
        connections: USERS,
        duration: seconds,
        requests: [
          {
            method: 'GET',
            setupRequest: (req: autocannon.Request) => ({
              ...req,
              path: pathOf(QUERIES[Math.floor(Math.random() * QUERIES.length)]!),
            }),
          },
        ],
      });
    const ours = await search((q) => `/api/v1/public/catalogue/items?q=${encodeURIComponent(q)}`);
    log(`search: ${ours.requests.average} req/s, p97.5 ${ours.latency.p97_5} ms, non-2xx ${ours.non2xx}`);
    const bare = await search((q) => `/bench/catalogue-search?q=${encodeURIComponent(q)}`);
    log(`bare search: ${bare.requests.average} req/s, p97.5 ${bare.latency.p97_5} ms`);

    // 500 residents at once for 100 places
    const attempts = await Promise.all(
      Array.from({ length: 500 }, async (_, i) => {
        const t = process.hrtime.bigint();
        const r = await fetch(`${base}/api/v1/public/appointments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            slotId: bookedSlot,
            itemCode: 'DEMO-0002',
            name: `居民${i}`,
            phone: `139${String(20_000_000 + i)}`,
          }),
        });
        return { status: r.status, ms: Number(process.hrtime.bigint() - t) / 1e6 };
      }),
    );
    const bookingWall = Math.max(...attempts.map((a) => a.ms));
    const booked = attempts.filter((a) => a.status === 201).length;
    const full = attempts.filter((a) => a.status === 409).length;
    const client = new pg.Pool({ connectionString: target.url, max: 10 });
    const bare500 = await Promise.all(
      Array.from({ length: 500 }, async () => {
        const t = process.hrtime.bigint();
        await client.query('UPDATE appointment_slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity', [
          bareSlot,
        ]);
        return Number(process.hrtime.bigint() - t) / 1e6;
      }),
    );
    const stored = (
      await client.query(
        'SELECT (SELECT booked FROM appointment_slots WHERE id = $1) AS slot, (SELECT count(*)::int FROM appointments WHERE slot_id = $1 AND status = $2) AS rows',
        [bookedSlot, 'booked'],
      )
    ).rows[0] as { slot: number; rows: number };
    await client.end();
    log(
      `booking: ${booked} booked, ${full} full, stored ${stored.rows} (slot says ${stored.slot}), wall ${bookingWall.toFixed(0)} ms; bare ${Math.max(...bare500).toFixed(0)} ms`,
    );
    const p95 = (xs: number[]) => +percentile(xs, 95).toFixed(1);
    return [
      {
        name: 'catalogue search under load',
        db,
        scale,
        work: `${ITEMS.toLocaleString('en')} items, ${USERS} concurrent users × ${seconds} s, fragments and a wrong character`,
        ours: {
          value: ours.latency.p97_5,
          unit: 'ms p97.5',
          detail: {
            p50: ours.latency.p50,
            p99: ours.latency.p99,
            rps: Math.round(ours.requests.average),
            non2xx: ours.non2xx,
          },
        },
        baseline: {
          value: bare.latency.p97_5,
          unit: 'ms p97.5',
          what: 'the same SQL statement behind a bare endpoint',
          detail: { p50: bare.latency.p50, rps: Math.round(bare.requests.average) },
        },
        ratio: +(bare.latency.p97_5 / Math.max(ours.latency.p97_5, 1)).toFixed(3),
        goal: 'p97.5 < 300 ms at 50 users; ≥ 0.5 of the bare statement',
        met:
          ours.latency.p97_5 < 300 && ours.non2xx === 0 && bare.latency.p97_5 / Math.max(ours.latency.p97_5, 1) >= 0.5,
      },
      {
        name: 'slot booking under contention',
        db,
        scale,
        work: '500 concurrent bookings over HTTP for one slot of 100 places',
        ours: {
          value: +bookingWall.toFixed(0),
          unit: 'ms for all 500',
          detail: {
            booked,
            refusedFull: full,
            stored: stored.rows,
            slotCount: stored.slot,
            p95: p95(attempts.map((a) => a.ms)),
          },
        },
        baseline: {
          value: +Math.max(...bare500).toFixed(0),
          unit: 'ms for all 500',
          what: '500 bare guarded UPDATEs on one slot row (10 connections)',
          detail: { p95: p95(bare500) },
        },
        ratio: +(Math.max(...bare500) / bookingWall).toFixed(3),
        goal: 'exactly 100 booked, 400 refused, all within 5 s',
        met: booked === 100 && full === 400 && stored.rows === 100 && stored.slot === 100 && bookingWall < 5000,
      },
    ];
  } finally {
    await server.stop();
  }
}
