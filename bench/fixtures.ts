import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { writeDemoCsv } from '../apps/server/src/modules/demo/demo.csv.ts';
import { seedDemo } from '../apps/server/src/modules/demo/demo.seed.ts';
import type { App } from '../apps/server/src/app.ts';
import { log } from './lib.ts';

/**
 * Open cases straight into the table (the engine's own path is measured by the HTTP benchmark):
 * spread over the county's departments and villages, due dates from 5 days ago to 200 days ahead.
 */
export async function insertOpenCases(app: App, count: number, today: string) {
  const depts = (await app.db.selectFrom('departments').select('id').where('kind', '=', 'service_centre').execute()).map((d) => d.id);
  const villages = (await app.db.selectFrom('divisions').select('code').where('level', '=', 5).execute()).map((d) => d.code);
  const chunk = 100_000;
  for (let done = 0; done < count; done += chunk) {
    const n = Math.min(chunk, count - done);
    await sql`
      INSERT INTO cases (type_code, number, title, subject_type, subject_id, subject_name, division_code, owning_department_id, lead_department_id,
                         status, clocks, due_date, due_soon_date, due_state, version, data, opened_at)
      SELECT 'service_application', 'BENCH-' || (${done} + g), '基准测试办件', 'person', gen_random_uuid(), '测试对象',
             (${villages}::text[])[1 + (g % ${villages.length})], (${depts}::uuid[])[1 + (g % ${depts.length})], (${depts}::uuid[])[1 + (g % ${depts.length})],
             'accepted', '[]', d.due, d.due - 3, 'normal', 2, '{}', now()
      FROM generate_series(1, ${n}) g, LATERAL (SELECT ${today}::date - 5 + ((g * 7919) % 205) AS due) d`.execute(app.db);
    log(`cases: ${done + n}`);
  }
  await sql`ANALYZE cases`.execute(app.db);
}

/** The demo county's divisions and departments, and its persons as the generator's CSV (not yet imported). */
export async function demoCountyCsv(app: App, dataDir: string, persons: number, opts: { separateProcess?: boolean } = {}): Promise<string> {
  await seedDemo(app, { persons, seed: 2026, withPersons: false });
  const file = path.join(dataDir, 'persons.csv');
  if (!opts.separateProcess) {
    await writeDemoCsv(file, persons, 2026);
    return file;
  }
  const bin = path.resolve(import.meta.dirname, '../apps/server/bin/grassroots.mjs');
  const r = spawnSync(process.execPath, [bin, 'demo', 'csv', file, '--persons', String(persons), '--seed', '2026'], { encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir } });
  if (r.status !== 0) throw new Error(`demo csv failed: ${r.stderr}`);
  return file;
}
