import { createReadStream, createWriteStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { shanghaiToday } from '@grassroots/contracts';
import { asOwner } from '../apps/server/src/core/db/app-role.ts';
import { type Database, pgliteOf } from '../apps/server/src/core/db/database.ts';
import { importPersons, type ImportSummary } from '../apps/server/src/modules/registry/registry.import.ts';
import { demoCountyCsv } from './fixtures.ts';
import {
  benchApp,
  type DbKind,
  freshDatabase,
  log,
  type Measurement,
  peakRssMb,
  SCALES,
  type Scale,
  timed,
} from './lib.ts';

/**
 * The demo county's persons (about 2.6 per household) from the generator's CSV: our import with
 * ID checks, SM4, blind index, tokens, provenance and households, then the same file again (it
 * must change nothing), against the fair ceiling: COPY of the rows our import finished with into
 * a copy of the `persons` table with all its indexes, constraints and its foreign key, in the same
 * database.
 */
export async function importBench(db: DbKind, scale: Scale): Promise<Measurement[]> {
  const persons = SCALES[scale].persons;
  const target = await freshDatabase(db, `import_${scale}`);
  const app = await benchApp(target);
  // the CSV is written by another process, so this process's peak memory is the import's own
  const file = await demoCountyCsv(app, target.dataDir, persons, { separateProcess: true });
  log(`import: ${persons} persons, ${(statSync(file).size / 2 ** 20).toFixed(0)} MB of CSV`);

  const run = async (label: string) => {
    let shown = 0;
    const cpu = process.cpuUsage();
    const r = await timed(() =>
      importPersons(app.database, app.cipher, undefined, createReadStream(file), {
        format: 'csv',
        fileName: 'persons.csv',
        source: '140882-GAJ',
        // the generator draws babies' birth dates over the whole of its year: a date after today is refused
        goodRows: true,
        onProgress: (n) => {
          if (n - shown < 100_000) return;
          shown = n;
          log(`${label}: ${n} rows, ${peakRssMb()} MB peak`);
        },
      }),
    );
    // this process's CPU (parsing, checks, SM4, blind indexes, tokens): set beside the wall time, it
    // tells whether the application or the database server is the longer of the two overlapping paths
    const used = process.cpuUsage(cpu);
    return { ...r, cpuSeconds: +((used.user + used.system) / 1e6).toFixed(1) };
  };
  const ours = await run('import');
  const peak = peakRssMb();
  const expected = persons - onlyFutureBirths(ours.result);
  if (ours.result.status !== 'applied' || ours.result.inserted !== expected)
    throw new Error(`import did not apply every good row: ${brief(ours.result)}`);
  const again = await run('again');
  if (again.result.inserted || again.result.updated || again.result.conflicts || again.result.unchanged !== expected)
    throw new Error(`the second import changed something: ${brief(again.result)}`);

  const baseline = await copyCeiling(app.database, app.config, db, target.dataDir);
  const households = await app.db
    .selectFrom('households')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  await app.close();
  const oursRate = expected / (ours.ms / 1000);
  const againRate = expected / (again.ms / 1000);
  const baseRate = expected / (baseline.ms / 1000);
  const ratio = oursRate / baseRate;
  const againRatio = againRate / oursRate;
  return [
    {
      name: 'registry import',
      db,
      scale,
      work: `${expected.toLocaleString('en')} persons in ${Number(households.n).toLocaleString('en')} households (CSV), then the same file again`,
      ours: {
        value: Math.round(oursRate),
        unit: 'rows/s',
        detail: {
          seconds: +(ours.ms / 1000).toFixed(1),
          applicationCpuSeconds: ours.cpuSeconds,
          peakRssMb: peak,
          againSeconds: +(again.ms / 1000).toFixed(1),
          againRowsPerSecond: Math.round(againRate),
          againOverFirst: +againRatio.toFixed(3),
        },
      },
      baseline: {
        value: Math.round(baseRate),
        unit: 'rows/s',
        what: 'COPY of the finished rows into a copy of the indexed persons table',
        detail: { seconds: +(baseline.ms / 1000).toFixed(1) },
      },
      ratio: +ratio.toFixed(3),
      goal: '≥ 0.5 of COPY; peak memory < 512 MB; the second import changes nothing, ≥ 0.8 of the first’s rate',
      met: ratio >= 0.5 && peak < 512 && againRatio >= 0.8,
    },
  ];
}

/** The rows refused, all for a birth date after today (the generator's, not the import's); throws on any other. */
function onlyFutureBirths(r: ImportSummary): number {
  const today = shanghaiToday();
  const other = r.errors.filter((e) => !(e.field === 'idNumber' && /晚于今天/.test(e.reason)));
  if (other.length || r.bad > Math.ceil(r.total / 1000)) throw new Error(`bad rows: ${brief(r)}`);
  if (r.bad) log(`import: ${r.bad} rows born after ${today} refused (the generator's)`);
  return r.bad;
}
const brief = (r: ImportSummary) => JSON.stringify({ ...r, errors: r.errors.slice(0, 5) });

/**
 * The fair ceiling: the persons rows as our import left them, dumped (untimed), then loaded by
 * COPY (timed) into `persons_ceiling`, made LIKE persons INCLUDING ALL (primary key, unique blind
 * index, the B-tree and both GIN indexes, checks, defaults) plus the division foreign key.
 * The owner does it: the application role creates no tables.
 */
async function copyCeiling(database: Database, config: Parameters<typeof asOwner>[1], db: DbKind, dir: string) {
  const create = [
    'CREATE TABLE persons_ceiling (LIKE persons INCLUDING ALL)',
    'ALTER TABLE persons_ceiling ADD FOREIGN KEY (division_code) REFERENCES divisions(code)',
  ];
  return asOwner(database, config, async (owner) => {
    if (db === 'postgres') {
      const dump = path.join(dir, 'persons.copy');
      for (const q of create) await owner.pool.query(q);
      const client = await owner.pool.connect();
      try {
        await pipeline(client.query(copyTo('COPY persons TO STDOUT')), createWriteStream(dump));
        return await timed(() =>
          pipeline(createReadStream(dump), client.query(copyFrom('COPY persons_ceiling FROM STDIN'))),
        );
      } finally {
        client.release();
      }
    }
    const lite = pgliteOf(owner)!;
    for (const q of create) await lite.exec(q);
    const out = await lite.query("COPY persons TO '/dev/blob'");
    const dump = path.join(dir, 'persons.copy');
    writeFileSync(dump, Buffer.from(await out.blob!.arrayBuffer()));
    return timed(() =>
      lite.query("COPY persons_ceiling FROM '/dev/blob'", [], { blob: new Blob([readFileSync(dump)]) }),
    );
  });
}
