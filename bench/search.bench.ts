import { sql } from 'kysely';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Actor } from '../apps/server/src/core/auth/actor.ts';
import { loadActor } from '../apps/server/src/core/auth/auth.repository.ts';
import { importPersons } from '../apps/server/src/modules/registry/registry.import.ts';
import { createReadStream } from 'node:fs';
import type { App } from '../apps/server/src/compose.ts';
import { demoCountyCsv } from './fixtures.ts';
import {
  benchApp,
  type DbKind,
  freshDatabase,
  log,
  type Measurement,
  percentile,
  PG_SERVER,
  SCALES,
  type Scale,
  timed,
} from './lib.ts';

/**
 * The search database: on PostgreSQL, `gr_bench_search_<scale>` is kept and reused when it already
 * holds the scale's persons (importing 1.05M persons takes most of the run); `BENCH_FRESH=1`
 * (or `BENCH_FRESH=search`) rebuilds it. PGlite always starts from a new folder.
 */
export async function preparedDatabase(db: DbKind, scale: Scale, persons: number): Promise<App> {
  const fresh = ['1', 'true', 'search'].includes(process.env.BENCH_FRESH ?? '');
  if (db === 'postgres' && !fresh) {
    const name = `gr_bench_search_${scale}`;
    const u = new URL(PG_SERVER);
    u.pathname = `/${name}`;
    const held = await importedRows(u.toString()).catch(() => -1);
    if (held === persons) {
      log(`search: reusing ${name} (${persons} persons; BENCH_FRESH=1 rebuilds it)`);
      const app = await benchApp({
        url: u.toString(),
        dataDir: mkdtempSync(path.join(os.tmpdir(), 'grassroots-bench-search-')),
      });
      await sql`ANALYZE persons`.execute(app.db);
      return app;
    }
    log(`search: ${name} holds no finished import of ${persons} rows, rebuilding`);
  }
  const target = await freshDatabase(db, `search_${scale}`);
  const app = await benchApp(target);
  const file = await demoCountyCsv(app, target.dataDir, persons);
  log(`search: importing ${persons} persons`);
  await importPersons(app.db, app.cipher, undefined, createReadStream(file), {
    format: 'csv',
    fileName: 'p.csv',
    source: '140882-GAJ',
    // the generator may write a birth date later than today's (a few rows in 20,000): those are left out
    goodRows: true,
  });
  // what autovacuum does after a bulk load: statistics, and the visibility map index-only scans read
  await sql`VACUUM ANALYZE persons`.execute(app.db);
  return app;
}

/** The rows read by the database's last applied import (an interrupted one left none applied). */
async function importedRows(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: number }>(
      `SELECT total_rows AS n FROM imports WHERE status = 'applied' AND EXISTS (SELECT 1 FROM persons) ORDER BY created_at DESC LIMIT 1`,
    );
    return r.rows[0]?.n ?? -1;
  } finally {
    await c.end();
  }
}

const byUsername = async (app: App, username: string): Promise<Actor> =>
  (await loadActor(
    app.db,
    (await app.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id,
  ))!;

/**
 * Name fragments (two characters, and one: a surname or a given name's character) and exact ID
 * numbers among the county's persons, as the county registrar (the county's subtree in scope) and
 * as a township's assistance worker (one township's villages).
 */
export async function searchBench(db: DbKind, scale: Scale): Promise<Measurement[]> {
  const { persons, searches } = SCALES[scale];
  const app = await preparedDatabase(db, scale, persons);
  const registrar = await byUsername(app, 'registrar');
  const township = await byUsername(app, 'township');
  const sample = await app.db
    .selectFrom('persons')
    .select(['name', 'id_number_enc'])
    .orderBy(sql`md5(id::text)`)
    .limit(searches)
    .execute();
  const fragments = sample
    .map(
      (p) => ([...p.name].length >= 3 ? [...p.name].slice(1, 3).join('') : [...p.name].slice(0, 2).join('')) || p.name,
    )
    .map((f, i) => (i % 5 === 0 ? [...f][0]! + '建' : f));
  // one character: the surname for half of them, the last character of the given name for the others
  const singles = sample.map((p, i) => [...p.name].at(i % 2 === 0 ? 0 : -1)!);
  const ids = sample.map((p) => app.cipher.decrypt(p.id_number_enc));
  const run = async (queries: Array<() => Promise<unknown>>) => {
    for (const q of queries.slice(0, 20)) await q();
    const ms: number[] = [];
    for (const q of queries) ms.push((await timed(q)).ms);
    return { p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms) };
  };
  const byName = (actor: Actor, list: string[]) =>
    run(list.map((f) => () => app.registry.search(actor, { name: f, limit: 50 })));
  const figures: Array<[string, Actor, string[], string[]]> = [
    ['person search: name fragment', registrar, fragments, fragments.slice(0, 5)],
    ['person search: one character', registrar, singles, singles.slice(0, 5)],
    ['person search: one character, township', township, singles, singles.slice(0, 5)],
    ['person search: name fragment, township', township, fragments, fragments.slice(0, 5)],
  ];
  const work = `${persons.toLocaleString('en')} persons, ${searches} queries each`;
  const out: Measurement[] = [];
  for (const [name, actor, list, examples] of figures) {
    log(`search: ${name}`);
    const r = await byName(actor, list);
    out.push({
      name,
      db,
      scale,
      work,
      ours: {
        value: +r.p95.toFixed(2),
        unit: 'ms p95',
        detail: { p50: +r.p50.toFixed(2), max: +r.max.toFixed(1), examples },
      },
      goal: 'p95 < 100 ms',
      met: r.p95 < 100,
    });
  }
  const byId = await run(ids.map((id) => () => app.registry.search(registrar, { idNumber: id, limit: 50 })));
  await app.close();
  out.push({
    name: 'person search: exact ID',
    db,
    scale,
    work,
    ours: {
      value: +byId.p95.toFixed(2),
      unit: 'ms p95',
      detail: { p50: +byId.p50.toFixed(2), max: +byId.max.toFixed(1) },
    },
    goal: 'p95 < 50 ms',
    met: byId.p95 < 50,
  });
  return out;
}
