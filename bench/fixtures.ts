import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { writeDemoCsv } from '../apps/server/src/demo/demo.csv.ts';
import { seedDemo } from '../apps/server/src/demo/demo.seed.ts';
import type { App } from '../apps/server/src/compose.ts';
import { asOwner } from '../apps/server/src/core/db/app-role.ts';
import { log } from './lib.ts';

/**
 * Open cases straight into the table (the engine's own path is measured by the HTTP benchmark):
 * spread over the county's departments and villages, due dates from 5 days ago to 200 days ahead.
 */
export async function insertOpenCases(app: App, count: number, today: string) {
  const depts = (
    await app.db.selectFrom('departments').select('id').where('kind', '=', 'service_centre').execute()
  ).map((d) => d.id);
  const villages = (await app.db.selectFrom('divisions').select('code').where('level', '=', 5).execute()).map(
    (d) => d.code,
  );
  // the secondary indexes are built once after the load, as a bulk load would: kept up row by row they
  // made 5,000,000 cases take over an hour on the shared machine (the constraints' indexes stay)
  const secondary = (
    await sql<{ name: string; def: string }>`
      SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.tablename = 'cases' AND i.schemaname = current_schema()
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`.execute(
      app.db,
    )
  ).rows;
  // indexes are the owner's to drop and build
  const asTableOwner = (statements: string[]) =>
    asOwner(app.database, app.config, async (o) => {
      for (const s of statements) await sql.raw(s).execute(o.db);
    });
  await asTableOwner(secondary.map((ix) => `DROP INDEX ${ix.name}`));
  const chunk = 100_000;
  for (let done = 0; done < count; done += chunk) {
    const n = Math.min(chunk, count - done);
    await sql`
      INSERT INTO cases (type_code, number, title, subject_type, subject_id, subject_name, division_code, owning_department_id, lead_department_id,
                         status, clocks, due_date, due_soon_date, due_state, version, data, opened_at)
      SELECT 'service_application', 'BENCH-' || (${done} + g), '基准测试办件', 'person', gen_random_uuid(), '测试对象',
             (${villages}::text[])[1 + (g % ${villages.length})], (${depts}::uuid[])[1 + (g % ${depts.length})], (${depts}::uuid[])[1 + (g % ${depts.length})],
             'accepted', '[]', d.due, d.due - 3, 'normal', 2, '{}', now()
      FROM generate_series(1, ${n}) g, LATERAL (SELECT ${today}::date - 5 + ((g * 7919) % 205) AS due) d`.execute(
      app.db,
    );
    log(`cases: ${done + n}`);
  }
  await asTableOwner(secondary.map((ix) => ix.def));
  await sql`ANALYZE cases`.execute(app.db);
}

/** The demo county's divisions and departments, and its persons as the generator's CSV (not yet imported). */
export async function demoCountyCsv(
  app: App,
  dataDir: string,
  persons: number,
  opts: { separateProcess?: boolean } = {},
): Promise<string> {
  await seedDemo(app, { persons, seed: 2026, withPersons: false });
  const file = path.join(dataDir, 'persons.csv');
  if (!opts.separateProcess) {
    await writeDemoCsv(file, persons, 2026);
    return file;
  }
  const bin = path.resolve(import.meta.dirname, '../apps/server/bin/grassroots.mjs');
  const r = spawnSync(process.execPath, [bin, 'demo', 'csv', file, '--persons', String(persons), '--seed', '2026'], {
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir },
  });
  if (r.status !== 0) throw new Error(`demo csv failed: ${r.stderr}`);
  return file;
}

/** The seeds' city: 48,467 低保 households, 106,685 persons (≈2.2 per household). */
export const ALLOWANCE_HOUSEHOLDS: Record<'small' | 'county' | 'x5', number> = {
  small: 5_000,
  county: 48_467,
  x5: 242_335,
};

/**
 * n enrolled 低保 households in the demo county's villages, written straight to the tables (the case
 * that creates one is measured elsewhere): ≈135 yuan per person per month, as in the seeds, each
 * with its own encrypted account; re-verification dates spread over the twelve months from 2026-11.
 */
export async function insertEntitlements(app: App, n: number, county: string) {
  const villages = (
    await app.db
      .selectFrom('divisions')
      .select('code')
      .where('level', '=', 5)
      .where('code', 'like', `${county}%`)
      .execute()
  ).map((d) => d.code);
  const rule = await app.assistance.rules.versionFor('urbanMinimumAllowance', county, '2026-11-01');
  await sql`INSERT INTO households (number, division_code, address)
            SELECT 'BENCH-' || g, (${villages}::text[])[1 + g % ${villages.length}], '测试地址' FROM generate_series(1, ${n}) g`.execute(
    app.db,
  );
  const households = await app.db
    .selectFrom('households')
    .select(['id', 'division_code'])
    .where('number', 'like', 'BENCH-%')
    .orderBy('number')
    .execute();
  for (let i = 0; i < households.length; i += 2000) {
    await app.db
      .insertInto('assistance_entitlements')
      .values(
        households.slice(i, i + 2000).map((h, k) => {
          const members = 1 + ((i + k) % 4);
          const account = `62170${String(i + k).padStart(14, '0')}`;
          const m = 10 + ((i + k) % 12);
          const reverify = `${2026 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
          return {
            programme: 'urbanMinimumAllowance',
            household_id: h.id,
            beneficiary_id: h.id,
            division_code: h.division_code,
            rule_version_id: rule.id,
            inputs: '{}',
            computation: '{}',
            // ≈135 yuan per person per month on average, as in the seeds
            amount_fen: members * (10_000 + (((i + k) * 37) % 7_000)),
            class_code: 'A',
            start_month: '2026-01-01',
            next_reverification: reverify,
            payee_name: `户主${i + k}`,
            bank_name: '河津农商银行',
            account_enc: app.cipher.encrypt(account),
            account_masked: `****${account.slice(-4)}`,
            // keyed in by staff, so verified: an account typed on the portal is not paid until checked
            account_verified_at: new Date(),
            account_verified_against: 'staffEntry' as const,
          };
        }),
      )
      .execute();
  }
  await sql`ANALYZE`.execute(app.db);
  log(`${n} entitlements`);
}
