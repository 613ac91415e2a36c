import { createReadStream, readFileSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { asOwner } from '../apps/server/src/core/db/app-role.ts';
import { pgliteOf } from '../apps/server/src/core/db/database.ts';
import { importPersons } from '../apps/server/src/modules/registry/registry.import.ts';
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

const COLUMNS = [
  'id_number',
  'name',
  'sex',
  'birth_date',
  'ethnicity',
  'phone',
  'registered_address',
  'residence_address',
  'residence_type',
  'marital_status',
  'disability_grade',
  'is_veteran',
  'division_code',
  'household_number',
  'relation',
  'household_address',
];

/**
 * The demo county's persons (about 2.6 per household) from the generator's CSV: our import with
 * ID checks, SM4, blind index, tokens, provenance and households, against COPY of the same file
 * into a plain table in the same database.
 */
export async function importBench(db: DbKind, scale: Scale): Promise<Measurement[]> {
  const persons = SCALES[scale].persons;
  const target = await freshDatabase(db, `import_${scale}`);
  const app = await benchApp(target);
  // the CSV is written by another process, so this process's peak memory is the import's own
  const file = await demoCountyCsv(app, target.dataDir, persons, { separateProcess: true });
  log(`import: ${persons} persons, ${(statSync(file).size / 2 ** 20).toFixed(0)} MB of CSV`);

  const ours = await timed(() =>
    importPersons(app.db, app.cipher, undefined, createReadStream(file), {
      format: 'csv',
      fileName: 'persons.csv',
      source: '140882-GAJ',
      goodRows: false,
      onProgress: (n) => {
        if (n % 100_000 === 0) log(`import: ${n} rows`);
      },
    }),
  );
  const peak = peakRssMb();
  const baselineTable = `CREATE TABLE copy_baseline (${COLUMNS.map((c) => `${c} text`).join(', ')})`;
  // the baseline is the owner's (the application role creates no tables, and a server-side COPY needs more)
  const baseline = await timed(() =>
    asOwner(app.database, app.config, async (owner) => {
      if (db === 'postgres') {
        await owner.pool.query(baselineTable);
        const client = await owner.pool.connect();
        try {
          await pipeline(
            createReadStream(file),
            client.query(copyFrom('COPY copy_baseline FROM STDIN WITH (FORMAT csv, HEADER true)')),
          );
        } finally {
          client.release();
        }
      } else {
        const lite = pgliteOf(owner)!;
        await lite.exec(baselineTable);
        await lite.query("COPY copy_baseline FROM '/dev/blob' WITH (FORMAT csv, HEADER true)", [], {
          blob: new Blob([readFileSync(file)]),
        });
      }
    }),
  );
  const households = await app.db
    .selectFrom('households')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  await app.close();
  if (ours.result.status !== 'applied' || ours.result.inserted !== persons)
    throw new Error(
      `import did not apply every row: ${JSON.stringify({ ...ours.result, errors: ours.result.errors.slice(0, 5) })}`,
    );
  const oursRate = persons / (ours.ms / 1000);
  const baseRate = persons / (baseline.ms / 1000);
  const ratio = oursRate / baseRate;
  return [
    {
      name: 'registry import',
      db,
      scale,
      work: `${persons.toLocaleString('en')} persons in ${Number(households.n).toLocaleString('en')} households (CSV)`,
      ours: {
        value: Math.round(oursRate),
        unit: 'rows/s',
        detail: { seconds: +(ours.ms / 1000).toFixed(1), peakRssMb: peak },
      },
      baseline: {
        value: Math.round(baseRate),
        unit: 'rows/s',
        what: 'COPY into a plain table',
        detail: { seconds: +(baseline.ms / 1000).toFixed(1) },
      },
      ratio: +ratio.toFixed(3),
      goal: '≥ 0.5 of COPY; peak memory < 512 MB',
      met: ratio >= 0.5 && peak < 512,
    },
  ];
}
