import { sql } from 'kysely';
import { loadActor } from '../apps/server/src/core/auth/auth.repository.ts';
import { importPersons } from '../apps/server/src/modules/registry/registry.import.ts';
import { createReadStream } from 'node:fs';
import { demoCountyCsv } from './fixtures.ts';
import {
  benchApp,
  type DbKind,
  freshDatabase,
  log,
  type Measurement,
  percentile,
  SCALES,
  type Scale,
  timed,
} from './lib.ts';

/** Name fragments and exact ID numbers among the county's persons, as the county registrar (whole county in scope). */
export async function searchBench(db: DbKind, scale: Scale): Promise<Measurement[]> {
  const { persons, searches } = SCALES[scale];
  const target = await freshDatabase(db, `search_${scale}`);
  const app = await benchApp(target);
  const file = await demoCountyCsv(app, target.dataDir, persons);
  log(`search: importing ${persons} persons`);
  await importPersons(app.db, app.cipher, undefined, createReadStream(file), {
    format: 'csv',
    fileName: 'p.csv',
    source: '140882-GAJ',
    goodRows: false,
  });
  await sql`ANALYZE persons`.execute(app.db);
  const registrar = (await loadActor(
    app.db,
    (await app.db.selectFrom('users').select('id').where('username', '=', 'registrar').executeTakeFirstOrThrow()).id,
  ))!;
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
  const ids = sample.map((p) => app.cipher.decrypt(p.id_number_enc));
  const run = async (queries: Array<() => Promise<unknown>>) => {
    for (const q of queries.slice(0, 20)) await q();
    const ms: number[] = [];
    for (const q of queries) ms.push((await timed(q)).ms);
    return { p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms) };
  };
  const byName = await run(fragments.map((f) => () => app.registry.search(registrar, { name: f, limit: 50 })));
  const byId = await run(ids.map((id) => () => app.registry.search(registrar, { idNumber: id, limit: 50 })));
  await app.close();
  const work = `${persons.toLocaleString('en')} persons, ${searches} queries each`;
  return [
    {
      name: 'person search: name fragment',
      db,
      scale,
      work,
      ours: {
        value: +byName.p95.toFixed(2),
        unit: 'ms p95',
        detail: { p50: +byName.p50.toFixed(2), max: +byName.max.toFixed(1), examples: fragments.slice(0, 5) },
      },
      goal: 'p95 < 50 ms',
      met: byName.p95 < 50,
    },
    {
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
    },
  ];
}
