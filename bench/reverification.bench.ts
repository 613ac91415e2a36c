import { sql } from 'kysely';
import { asOwner, grantAppRole } from '../apps/server/src/core/db/app-role.ts';
import { scanReverifications } from '../apps/server/src/modules/assistance/index.ts';
import { seedDemo } from '../apps/server/src/demo/demo.seed.ts';
import { ALLOWANCE_HOUSEHOLDS, insertEntitlements } from './fixtures.ts';
import { benchApp, type DbKind, freshDatabase, type Measurement, type Scale, timed } from './lib.ts';

/**
 * The nightly re-verification scan over the city's enrolled households (48,467), re-verification
 * dates spread over twelve months: the ones due within 30 days get a case each (numbers, log entry,
 * owner found by division path). Baseline: one hand-written INSERT … SELECT of the same rows into a
 * table shaped like `cases`, with its indexes.
 */
export async function reverificationBench(db: DbKind, scale: Scale): Promise<Measurement[]> {
  const n = ALLOWANCE_HOUSEHOLDS[scale];
  const app = await benchApp(await freshDatabase(db, `reverification_${scale}`));
  await seedDemo(app, { persons: 20_000, seed: 2026, withPersons: false });
  await insertEntitlements(app, n, '140882');
  const clock = () => new Date('2026-11-05T02:00:00+08:00');
  const dept = (
    await app.db.selectFrom('departments').select('id').where('kind', '=', 'township_office').executeTakeFirstOrThrow()
  ).id;
  // the baseline's table is created by the owner (the application role creates no tables)
  await asOwner(app.database, app.config, async (o) => {
    await sql`CREATE TABLE bench_cases (LIKE cases INCLUDING ALL)`.execute(o.db);
    await grantAppRole(o);
  });
  const bare = () =>
    sql`
    INSERT INTO bench_cases (type_code, number, title, subject_type, subject_id, subject_name, division_code, owning_department_id, lead_department_id, status, clocks, due_state, version, data, opened_at)
    SELECT 'allowance_reverification', 'B-' || e.id, '低保定期核查（户号 ' || h.number || '）', 'household', e.household_id, h.number, e.division_code, ${dept}::uuid, ${dept}::uuid,
           'due', '[]', 'none', 1, jsonb_build_object('entitlementId', e.id), now()
      FROM assistance_entitlements e JOIN households h ON h.id = e.household_id
     WHERE e.status = 'active' AND e.next_reverification <= '2026-12-05'::date`.execute(app.db);
  const baseline = await timed(bare);
  const ours = await timed(() =>
    scanReverifications({ db: app.db, caseTypes: app.caseTypes, calendar: app.calendar, clock }),
  );
  const again = await timed(() =>
    scanReverifications({ db: app.db, caseTypes: app.caseTypes, calendar: app.calendar, clock }),
  );
  await app.close();
  return [
    {
      name: 're-verification scan',
      db,
      scale,
      work: `${n.toLocaleString('en')} enrolled households; ${ours.result.opened.toLocaleString('en')} due within 30 days get a case (a second run opens ${again.result.opened} in ${Math.round(again.ms)} ms)`,
      ours: {
        value: +(ours.ms / 1000).toFixed(3),
        unit: 's',
        detail: { opened: ours.result.opened, secondRunMs: Math.round(again.ms) },
      },
      baseline: {
        value: +(baseline.ms / 1000).toFixed(3),
        unit: 's',
        what: 'one hand-written INSERT … SELECT of the same rows into a copy of cases (no log, no numbers)',
      },
      ratio: +(baseline.ms / ours.ms).toFixed(3),
      goal: '< 5 s at city scale',
      met: ours.ms < 5_000,
    },
  ];
}
