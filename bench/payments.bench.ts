import { sql } from 'kysely';
import { asOwner, grantAppRole } from '../apps/server/src/core/db/app-role.ts';
import { loadActor } from '../apps/server/src/core/auth/auth.repository.ts';
import { seedDemo } from '../apps/server/src/demo/demo.seed.ts';
import { insertEntitlements } from './fixtures.ts';
import { benchApp, type DbKind, freshDatabase, type Measurement, type Scale, timed } from './lib.ts';

import { ALLOWANCE_HOUSEHOLDS as HOUSEHOLDS } from './fixtures.ts';

/**
 * A monthly cycle for the whole city: draft (INSERT … SELECT with references and control totals),
 * approval (the totals re-counted), the bank file made and downloaded as CSV (every account
 * decrypted). Baseline: one hand-written INSERT … SELECT with the same predicate (including "not
 * yet paid for the period") and arithmetic into a table shaped like `payments`, with its indexes
 * but without its foreign keys.
 */
export async function paymentsBench(db: DbKind, scale: Scale): Promise<Measurement[]> {
  const n = HOUSEHOLDS[scale];
  const app = await benchApp(await freshDatabase(db, `payments_${scale}`));
  await seedDemo(app, { persons: 20_000, seed: 2026, withPersons: false });
  const county = '140882';
  await insertEntitlements(app, n, county);
  const payer = (await loadActor(
    app.db,
    (await app.db.selectFrom('users').select('id').where('username', '=', 'payer').executeTakeFirstOrThrow()).id,
  ))!;
  const approver = (await loadActor(
    app.db,
    (await app.db.selectFrom('users').select('id').where('username', '=', 'approver').executeTakeFirstOrThrow()).id,
  ))!;

  // the baseline's table is created by the owner (the application role creates no tables)
  await asOwner(app.database, app.config, async (o) => {
    await sql`CREATE TABLE bench_payments (LIKE payments INCLUDING DEFAULTS INCLUDING INDEXES)`.execute(o.db);
    await grantAppRole(o);
  });
  const bare = (period: string) =>
    sql`
    INSERT INTO bench_payments (cycle_id, entitlement_id, household_id, beneficiary_id, programme, period, amount_fen, reference, payee_name, bank_name, account_enc)
    SELECT gen_random_uuid(), e.id, e.household_id, e.beneficiary_id, e.programme, ${period}::date, e.amount_fen, 'B-' || ${period} || '-' || lpad((row_number() OVER (ORDER BY e.division_code, e.id))::text, 6, '0'),
           e.payee_name, e.bank_name, e.account_enc
      FROM assistance_entitlements e JOIN divisions d ON d.code = e.division_code
     WHERE e.programme = 'urbanMinimumAllowance' AND d.path LIKE '%/140882/%' AND e.start_month <= ${period}::date
       AND (e.last_month IS NULL OR e.last_month >= ${period}::date) AND (e.suspended_from IS NULL OR e.suspended_from > ${period}::date)
       AND NOT EXISTS (SELECT 1 FROM bench_payments p WHERE p.beneficiary_id = e.beneficiary_id AND p.programme = e.programme AND p.period = ${period}::date AND p.status <> 'failed')
       AND e.account_enc IS NOT NULL AND e.account_verified_at IS NOT NULL`.execute(app.db);
  await bare('2026-09-01'); // warm the cache for both
  const baseline = await timed(() => bare('2026-10-01'));

  const draft = await timed(() =>
    app.assistance.payments.draft(payer, {
      programme: 'urbanMinimumAllowance',
      divisionCode: county,
      period: '2026-11',
    }),
  );
  const approve = await timed(() => app.assistance.payments.approve(approver, draft.result.id));
  const file = await timed(() => app.assistance.payments.exportFile(payer, draft.result.id, 'standard'));
  const csv = await timed(() => app.assistance.payments.downloadFile(payer, file.result.id, 'csv'));
  await app.close();
  const total = draft.ms + approve.ms + file.ms + csv.ms;
  const work = `${n.toLocaleString('en')} households, ${draft.result.count.toLocaleString('en')} payments, ${(draft.result.totalFen / 100).toLocaleString('en')} yuan`;
  return [
    {
      name: 'payment cycle: draft with control totals',
      db,
      scale,
      work,
      ours: { value: +(draft.ms / 1000).toFixed(3), unit: 's' },
      baseline: {
        value: +(baseline.ms / 1000).toFixed(3),
        unit: 's',
        what: 'one hand-written INSERT … SELECT, same predicate and arithmetic',
      },
      ratio: +(baseline.ms / draft.ms).toFixed(3),
      goal: '≤ 2x the baseline',
      met: draft.ms <= 2 * baseline.ms,
    },
    {
      name: 'payment cycle: draft, approve, bank file (CSV)',
      db,
      scale,
      work,
      ours: {
        value: +(total / 1000).toFixed(3),
        unit: 's',
        detail: {
          draftMs: Math.round(draft.ms),
          approveMs: Math.round(approve.ms),
          exportMs: Math.round(file.ms),
          csvMs: Math.round(csv.ms),
          csvBytes: csv.result.body.length,
        },
      },
      baseline: {
        value: +(baseline.ms / 1000).toFixed(3),
        unit: 's',
        what: 'one hand-written INSERT … SELECT, same predicate and arithmetic',
      },
      ratio: +(baseline.ms / total).toFixed(3),
      goal: '< 3 s on PostgreSQL and ≤ 2x the baseline',
      met: total < 3000 && total <= 2 * baseline.ms,
    },
  ];
}
