import { sql } from 'kysely';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Actor } from '../apps/server/src/core/auth/actor.ts';
import { loadActor } from '../apps/server/src/core/auth/auth.repository.ts';
import { asOwner } from '../apps/server/src/core/db/app-role.ts';
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
      // a new index (a migration since the import) gets its statistics; a GIN pending list left over is flushed
      await vacuumAnalyzePersons(app);
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
  await vacuumAnalyzePersons(app);
  return app;
}

/** As the table's owner: the application's role is not, and PostgreSQL skips the table with a warning for it. */
const vacuumAnalyzePersons = (app: App) =>
  asOwner(app.database, app.config, async (o) => void (await sql`VACUUM ANALYZE persons`.execute(o.db)));

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

/** Rounds over the same queries (each case once per round, in turn, so another process's burst lands on all of them). */
const ROUNDS = 3;
const GOAL_MS = 100;

/**
 * Every kind of search a clerk types, as the county registrar (the whole county in scope) and as a
 * township's assistance worker (one township's villages): one character (a surname, a given name's
 * character, or an address's: a village name's character is dense in its township and absent from
 * the others), two characters, three or more (a whole name), and an exact ID number (blind index).
 * Each figure is the p95 over all rounds, with each round's p50 and p95 (min / median / max).
 */
export async function searchBench(db: DbKind, scale: Scale): Promise<Measurement[]> {
  const { persons, searches } = SCALES[scale];
  const app = await preparedDatabase(db, scale, persons);
  const registrar = await byUsername(app, 'registrar');
  const township = await byUsername(app, 'township');
  const perRound = Math.max(50, Math.round(searches / 2));
  const sample = await app.db
    .selectFrom('persons')
    .select(['name', 'id_number_enc', 'residence_address'])
    .orderBy(sql`md5(id::text)`)
    .limit(perRound)
    .execute();
  const chars = (s: string | null) => [...(s ?? '').replace(/[^\p{Script=Han}]/gu, '')];
  // one character: a surname, a given name's last character, an address's character, in turn
  const singles = sample.map((p, i) => {
    const address = chars(p.residence_address);
    return i % 3 === 2 && address.length ? address[(i * 7) % address.length]! : [...p.name].at(i % 3 === 0 ? 0 : -1)!;
  });
  // two characters: the given name (or the name), one in five a surname with a common given-name character
  const pairs = sample
    .map(
      (p) => ([...p.name].length >= 3 ? [...p.name].slice(1, 3).join('') : [...p.name].slice(0, 2).join('')) || p.name,
    )
    .map((f, i) => (i % 5 === 0 ? [...f][0]! + '建' : f));
  // three or more: whole names (those of two characters get the next person's surname in front: few or none match)
  const longer = sample.map((p, i) =>
    [...p.name].length >= 3 ? p.name : [...sample[(i + 1) % sample.length]!.name][0]! + p.name,
  );
  const ids = sample.map((p) => app.cipher.decrypt(p.id_number_enc));
  const byName = (list: string[]) =>
    list.map((name) => (actor: Actor) => app.registry.search(actor, { name, limit: 50 }));
  const byId = ids.map((idNumber) => (actor: Actor) => app.registry.search(actor, { idNumber, limit: 50 }));
  const kinds: Array<[string, Array<(actor: Actor) => Promise<unknown>>, string[]]> = [
    ['one character', byName(singles), singles],
    // the names the growth table (bench/growth.ts) reads: keep them
    ['name fragment', byName(pairs), pairs],
    ['three or more characters', byName(longer), longer],
    ['exact ID', byId, []],
  ];
  const cases = kinds.flatMap(([kind, queries, examples]) =>
    (
      [
        ['', registrar],
        [', township', township],
      ] as const
    ).map(([who, actor]) => ({ name: `person search: ${kind}${who}`, actor, queries, examples: examples.slice(0, 6) })),
  );
  const samples = new Map(cases.map((c) => [c.name, [] as number[][]]));
  for (const c of cases) for (const q of c.queries.slice(0, 20)) await q(c.actor); // warm-up
  for (let round = 0; round < ROUNDS; round++)
    for (const c of cases) {
      log(`search: round ${round + 1}, ${c.name}`);
      const ms: number[] = [];
      for (const q of c.queries) ms.push((await timed(() => q(c.actor))).ms);
      samples.get(c.name)!.push(ms);
    }
  await app.close();
  const work = `${persons.toLocaleString('en')} persons, ${perRound} queries × ${ROUNDS} rounds`;
  const spread = (values: number[]) => {
    const s = [...values].sort((a, b) => a - b);
    return { min: +s[0]!.toFixed(2), median: +s[Math.floor(s.length / 2)]!.toFixed(2), max: +s.at(-1)!.toFixed(2) };
  };
  return cases.map((c) => {
    const rounds = samples.get(c.name)!;
    const all = rounds.flat();
    const p95 = percentile(all, 95);
    return {
      name: c.name,
      db,
      scale,
      work,
      ours: {
        value: +p95.toFixed(2),
        unit: 'ms p95',
        detail: {
          p50: +percentile(all, 50).toFixed(2),
          max: +Math.max(...all).toFixed(1),
          roundP50: spread(rounds.map((r) => percentile(r, 50))),
          roundP95: spread(rounds.map((r) => percentile(r, 95))),
          ...(c.examples.length ? { examples: c.examples } : {}),
        },
      },
      goal: `p95 < ${GOAL_MS} ms`,
      met: p95 < GOAL_MS,
    };
  });
}
