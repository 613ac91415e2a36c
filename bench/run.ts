import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type DbKind, machine, type Measurement, type Scale } from './lib.ts';

/**
 * `npm run bench -- --scale small|county|x5 [--db postgres|pglite|both] [--only import,search]`
 * Each benchmark runs in its own process (clean peak memory), on each database, and writes
 * bench/results/<bench>-<db>.json; bench/RESULTS.md is rebuilt from every result file present.
 */
const BENCHES: Record<string, () => Promise<(db: DbKind, scale: Scale) => Promise<Measurement[]>>> = {
  import: async () => (await import('./import.bench.ts')).importBench,
  http: async () => (await import('./http.bench.ts')).httpBench,
  worklist: async () => (await import('./worklist.bench.ts')).worklistBench,
  deadline: async () => (await import('./deadline.bench.ts')).deadlineBench,
  search: async () => (await import('./search.bench.ts')).searchBench,
  audit: async () => (await import('./audit.bench.ts')).auditBench,
  payments: async () => (await import('./payments.bench.ts')).paymentsBench,
  reverification: async () => (await import('./reverification.bench.ts')).reverificationBench,
  centre: async () => (await import('./centre.bench.ts')).centreBench,
  complaints: async () => (await import('./complaints.bench.ts')).complaintsBench,
  'page-load': async () => (await import('./page-load.bench.ts')).pageLoadBench,
};
const EMBEDDED = ['import', 'http', 'worklist'];
/** measurement name → benchmark */
const BENCH_OF: Record<string, string> = {
  'registry import': 'import',
  'case actions over HTTP': 'http',
  'work list page 1': 'worklist',
  'work list page 50': 'worklist',
};
const resultsDir = path.join(import.meta.dirname, 'results');

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    db: { type: 'string', default: 'both' },
    only: { type: 'string' },
    child: { type: 'string' },
  },
});
const scale = values.scale as Scale;
if (!['small', 'county', 'x5'].includes(scale)) throw new Error('--scale small|county|x5');

if (values.child) {
  const [name, db] = values.child.split(':') as [string, DbKind];
  const run = await BENCHES[name]!();
  const result = await run(db, scale);
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
  process.exit(0);
}

const dbs: DbKind[] = values.db === 'both' ? ['postgres', 'pglite'] : [values.db as DbKind];
const names = values.only ? values.only.split(',') : Object.keys(BENCHES);
mkdirSync(resultsDir, { recursive: true });
let failed = 0;
for (const name of names) {
  for (const db of dbs) {
    // PGlite runs the embedded comparison set only: the others are server-sized work
    if (db === 'pglite' && !EMBEDDED.includes(name)) continue;
    process.stderr.write(`\n== ${name} on ${db} (${scale})\n`);
    // the import is held to its memory goal: V8 collects lazily and would otherwise grow into free memory
    const heap = name === 'import' ? ['--max-old-space-size=384'] : [];
    const r = spawnSync(
      process.execPath,
      [
        ...heap,
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'run.ts'),
        '--child',
        `${name}:${db}`,
        '--scale',
        scale,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
    );
    const last = r.stdout.trim().split('\n').pop() ?? '';
    if (r.status !== 0 || !last.startsWith('[')) {
      failed++;
      process.stderr.write(`!! ${name} on ${db} failed (exit ${r.status})\n`);
      continue;
    }
    const measurements = JSON.parse(last) as Measurement[];
    writeFileSync(
      path.join(resultsDir, `${name}-${db}-${scale}.json`),
      JSON.stringify({ date: new Date().toISOString(), machine: machine(), measurements }, null, 2),
    );
    for (const m of measurements)
      process.stderr.write(
        `   ${m.name}: ${m.ours.value} ${m.ours.unit}${m.baseline ? ` vs ${m.baseline.value} ${m.baseline.unit} → ratio ${m.ratio}` : ''} ${m.met === undefined ? '' : m.met ? '(goal met)' : '(goal NOT met)'}\n`,
      );
  }
}
writeResultsTable();
process.exit(failed ? 1 : 0);

function writeResultsTable() {
  const files = existsSync(resultsDir)
    ? readdirSync(resultsDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  const runs = files.map(
    (f) =>
      JSON.parse(readFileSync(path.join(resultsDir, f), 'utf8')) as {
        date: string;
        machine: ReturnType<typeof machine>;
        measurements: Measurement[];
      },
  );
  const rows: string[] = [];
  for (const run of runs) {
    for (const m of run.measurements) {
      rows.push(
        `| ${m.name} | ${m.db} | ${m.scale} | ${run.date.slice(0, 16).replace('T', ' ')} | ${m.work} | ${m.ours.value.toLocaleString('en')} ${m.ours.unit} | ${m.baseline ? `${m.baseline.value.toLocaleString('en')} ${m.baseline.unit} (${m.baseline.what})` : '—'} | ${m.ratio ?? '—'} | ${m.goal} | ${m.met === undefined ? '—' : m.met ? 'yes' : '**no**'} |`,
      );
    }
  }
  const embedded: string[] = [];
  for (const s of ['small', 'county']) {
    for (const name of EMBEDDED) {
      const get = (db: string) =>
        runs.flatMap((r) => r.measurements).filter((m) => m.db === db && m.scale === s && BENCH_OF[m.name] === name);
      const [pgM, liteM] = [get('postgres'), get('pglite')];
      for (const lm of liteM) {
        const pm = pgM.find((m) => m.name === lm.name && m.ours.unit === lm.ours.unit);
        if (!pm) continue;
        const higherIsBetter = /\/s$/.test(lm.ours.unit);
        const ratio = higherIsBetter ? lm.ours.value / pm.ours.value : pm.ours.value / lm.ours.value;
        embedded.push(
          `| ${lm.name} | ${s} | ${lm.ours.value.toLocaleString('en')} ${lm.ours.unit} | ${pm.ours.value.toLocaleString('en')} ${pm.ours.unit} | ${ratio.toFixed(2)} |`,
        );
      }
    }
  }
  const m = runs[runs.length - 1]?.machine;
  writeFileSync(
    path.join(import.meta.dirname, 'RESULTS.md'),
    `# Benchmark results

Generated by \`npm run bench\` from \`bench/results/*.json\`. Every figure is measured against a
baseline doing the same work in the same run; the ratio is what counts on a shared, noisy machine
(above 1 beats the baseline; for latencies it is baseline ÷ ours). Where the time goes for the
goals not met, and what comes next: \`bench/README.md\`.

Machine: ${m ? `${m.cpus}, ${m.memory}, Node ${m.node}, ${m.postgres}` : 'not run yet'}

| benchmark | database | scale | run (UTC) | work | ours | baseline | ratio | goal | met |
|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

## Embedded (PGlite) against the PostgreSQL server

Ratio = PGlite ÷ PostgreSQL for throughputs, PostgreSQL ÷ PGlite for latencies: the share of the
server's performance an embedded installation gets. Below ~0.3 under real load is the point to move
to a server.

| benchmark | scale | PGlite | PostgreSQL | ratio |
|---|---|---|---|---|
${embedded.join('\n')}
`,
  );
}
