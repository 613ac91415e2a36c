import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Measurement, Scale } from './lib.ts';
import { SCALES } from './lib.ts';

/**
 * `npm run bench:growth`: how each core cost grows with the data, from the PostgreSQL results of the
 * three scales (bench/results/<bench>-postgres-<scale>.json). Rewrites the generated part of
 * docs/PERFORMANCE.md (between the growth markers; the prose around it is kept) and draws
 * docs/performance-growth.svg (log-log, one line per cost). Run the benches first:
 * `npm run bench -- --scale small|county|x5 --db postgres --only worklist,deadline,audit,search,import`.
 */
const root = path.join(import.meta.dirname, '..');
const resultsDir = path.join(import.meta.dirname, 'results');
const docFile = path.join(root, 'docs/PERFORMANCE.md');
const svgFile = path.join(root, 'docs/performance-growth.svg');
const scales: Scale[] = ['small', 'county', 'x5'];

interface Cost {
  label: string;
  bench: string;
  /** what grows: the rows the cost works over, at each scale */
  rows: (s: Scale) => number;
  rowsName: string;
  /** the cost in ms from the bench's measurements (undefined when the bench did not run) */
  ours: (ms: Measurement[]) => number | undefined;
  /** the same run's baseline in ms, when the bench has one that does the same work */
  base?: (ms: Measurement[]) => number | undefined;
}

const named = (ms: Measurement[], name: string) => ms.find((m) => m.name === name);
const p50 = (m?: Measurement) => (m?.ours.detail?.p50 as number | undefined) ?? undefined;
const baseP50 = (m?: Measurement) => (m?.baseline?.detail?.p50 as number | undefined) ?? undefined;
const seconds = (v?: number) => (v === undefined ? undefined : v * 1000);
const cases = (s: Scale) => SCALES[s].cases;
const persons = (s: Scale) => SCALES[s].persons;

/** A page of the department work list, ours and its bare SQL, by the benchmark's measurement name. */
const workListPage = (page: number): Cost => ({
  label: `work list page ${page} (p50)`,
  bench: 'worklist',
  rows: cases,
  rowsName: 'open cases',
  ours: (ms) => p50(named(ms, `work list page ${page}`)),
  base: (ms) => baseP50(named(ms, `work list page ${page}`)),
});

/** latencies as medians (p50): on a shared 2-core machine the p95 of a sub-millisecond query is other people's load */
const COSTS: Cost[] = [
  workListPage(1),
  workListPage(50),
  {
    label: 'work list, slowest other view (p50)',
    bench: 'worklist',
    rows: cases,
    rowsName: 'open cases',
    ours: (ms) => {
      const views = ms.filter((m) => m.name.startsWith('work list "')).map((m) => p50(m) ?? 0);
      return views.length ? Math.max(...views) : undefined;
    },
  },
  {
    label: 'deadline scan',
    bench: 'deadline',
    rows: cases,
    rowsName: 'open cases',
    ours: (ms) => seconds(named(ms, 'deadline scan')?.ours.value),
    base: (ms) => seconds(named(ms, 'deadline scan')?.baseline?.value),
  },
  {
    label: 'audit verify (whole chain)',
    bench: 'audit',
    rows: (s) => SCALES[s].auditEntries,
    rowsName: 'audit entries',
    ours: (ms) => seconds(named(ms, 'audit verify')?.ours.detail?.seconds as number | undefined),
    base: (ms) => seconds(named(ms, 'audit verify')?.baseline?.detail?.seconds as number | undefined),
  },
  {
    label: 'person search, name fragment (p50)',
    bench: 'search',
    rows: persons,
    rowsName: 'persons',
    ours: (ms) => p50(named(ms, 'person search: name fragment')),
  },
  {
    label: 'person search, one character (p50)',
    bench: 'search',
    rows: persons,
    rowsName: 'persons',
    ours: (ms) => p50(named(ms, 'person search: one character')),
  },
  {
    label: 'person search, exact ID (p50)',
    bench: 'search',
    rows: persons,
    rowsName: 'persons',
    ours: (ms) => p50(named(ms, 'person search: exact ID')),
  },
  {
    label: 'registry import (whole file)',
    bench: 'import',
    rows: persons,
    rowsName: 'persons',
    ours: (ms) => seconds(named(ms, 'registry import')?.ours.detail?.seconds as number | undefined),
    base: (ms) => seconds(named(ms, 'registry import')?.baseline?.detail?.seconds as number | undefined),
  },
];

function load(bench: string, scale: Scale): { date: string; measurements: Measurement[] } | undefined {
  const file = path.join(resultsDir, `${bench}-postgres-${scale}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** log-log slope between two points: 0 constant, 1 linear, 2 quadratic */
const slope = (c1: number, c2: number, n1: number, n2: number) => Math.log(c2 / c1) / Math.log(n2 / n1);

/**
 * From county to 5x county (the small scale is dominated by fixed costs: a connection, a plan, a
 * cold page). Between constant and linear, log n would add only ≈12% over a 5x step, so anything
 * clearly above that but under ~0.6 of linear is called logarithmic (sub-linear).
 */
function verdict(k?: number): string {
  if (k === undefined || !Number.isFinite(k)) return '—';
  if (k < 0.1) return 'constant';
  if (k < 0.6) return 'logarithmic';
  if (k <= 1.2) return 'linear';
  return '**worse than linear**';
}

interface Row {
  cost: Cost;
  ours: Array<number | undefined>;
  base: Array<number | undefined>;
  dates: Array<string | undefined>;
}
const rows: Row[] = COSTS.map((cost) => {
  const runs = scales.map((s) => load(cost.bench, s));
  return {
    cost,
    ours: runs.map((r) => (r ? cost.ours(r.measurements) : undefined)),
    base: runs.map((r) => (r && cost.base ? cost.base(r.measurements) : undefined)),
    dates: runs.map((r) => r?.date.slice(0, 10)),
  };
});

const fmtMs = (v?: number) =>
  v === undefined
    ? '—'
    : v >= 10_000
      ? `${(v / 1000).toLocaleString('en', { maximumFractionDigits: 0 })} s`
      : v >= 1000
        ? `${(v / 1000).toFixed(2)} s`
        : `${v >= 100 ? v.toFixed(0) : v.toFixed(2)} ms`;
const factor = (a?: number, b?: number) => (a !== undefined && b !== undefined ? `×${(b / a).toFixed(2)}` : '—');

function table(): string {
  const [s, c, x] = scales.map((sc) => SCALES[sc].cases);
  const head = `| cost | grows with | small | county | 5x county | small → county (data ×${Math.round(c! / s!)}) | county → 5x (data ×${Math.round(x! / c!)}) | slope county → 5x | verdict | baseline county → 5x |
|---|---|---|---|---|---|---|---|---|---|`;
  const body = rows.map(({ cost, ours, base }) => {
    const [n1, n2, n3] = scales.map(cost.rows);
    // without a 5x run, the verdict falls back to small → county (and says so)
    const k =
      ours[1] !== undefined && ours[2] !== undefined
        ? slope(ours[1], ours[2], n2!, n3!)
        : ours[0] !== undefined && ours[1] !== undefined
          ? slope(ours[0], ours[1], n1!, n2!)
          : undefined;
    const from = ours[2] === undefined && k !== undefined ? ' (small → county)' : '';
    const kb = base[1] !== undefined && base[2] !== undefined ? slope(base[1], base[2], n2!, n3!) : undefined;
    return `| ${cost.label} | ${cost.rowsName} | ${fmtMs(ours[0])} | ${fmtMs(ours[1])} | ${fmtMs(ours[2])} | ${factor(ours[0], ours[1])} | ${factor(ours[1], ours[2])} | ${k === undefined ? '—' : k.toFixed(2) + from} | ${verdict(k)}${from} | ${kb === undefined ? '—' : `${factor(base[1], base[2])} (slope ${kb.toFixed(2)})`} |`;
  });
  const dates = [...new Set(rows.flatMap((r) => r.dates).filter(Boolean))].sort();
  return `${head}\n${body.join('\n')}\n\nRuns used: ${dates.join(', ')} (PostgreSQL; \`bench/results/*-postgres-<scale>.json\`). Slope is the log-log slope: 0 constant, 1 linear, 2 quadratic.`;
}

/** a log-log chart of every cost, drawn by hand: no charting dependency for one picture */
function chart(): string {
  const W = 860;
  const H = 520;
  const m = { left: 70, right: 290, top: 40, bottom: 50 };
  const pts = rows.flatMap((r) => r.ours.map((v, i) => ({ v, n: r.cost.rows(scales[i]!) }))).filter((p) => p.v);
  const xs = pts.map((p) => p.n);
  const ys = pts.map((p) => p.v!);
  const lx = [Math.floor(Math.log10(Math.min(...xs))), Math.ceil(Math.log10(Math.max(...xs)))] as const;
  const ly = [Math.floor(Math.log10(Math.min(...ys))), Math.ceil(Math.log10(Math.max(...ys)))] as const;
  const X = (n: number) => m.left + ((Math.log10(n) - lx[0]) / (lx[1] - lx[0])) * (W - m.left - m.right);
  const Y = (v: number) => H - m.bottom - ((Math.log10(v) - ly[0]) / (ly[1] - ly[0])) * (H - m.top - m.bottom);
  const colours = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${m.left}" y="22" font-size="14" font-weight="bold">Cost against data size (log-log; PostgreSQL, small / county / 5x county)</text>`,
  );
  for (let e = lx[0]; e <= lx[1]; e++) {
    const x = X(10 ** e);
    out.push(
      `<line x1="${x}" y1="${m.top}" x2="${x}" y2="${H - m.bottom}" stroke="#ddd"/>`,
      `<text x="${x}" y="${H - m.bottom + 16}" text-anchor="middle">${(10 ** e).toLocaleString('en')}</text>`,
    );
  }
  for (let e = ly[0]; e <= ly[1]; e++) {
    const y = Y(10 ** e);
    const label = e >= 3 ? `${(10 ** (e - 3)).toLocaleString('en')} s` : `${10 ** e} ms`;
    out.push(
      `<line x1="${m.left}" y1="${y}" x2="${W - m.right}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${m.left - 6}" y="${y + 4}" text-anchor="end">${label}</text>`,
    );
  }
  out.push(
    `<text x="${(m.left + W - m.right) / 2}" y="${H - 12}" text-anchor="middle">rows the cost works over (cases, audit entries or persons)</text>`,
  );
  // a linear reference: a line of slope 1 through the decades, dashed
  const refN = 10 ** lx[0];
  const refV = 10 ** ly[0] * 10;
  const refEnd = Math.min(10 ** lx[1], refN * 10 ** (ly[1] - ly[0] - 1));
  out.push(
    `<line x1="${X(refN)}" y1="${Y(refV)}" x2="${X(refEnd)}" y2="${Y((refV * refEnd) / refN)}" stroke="#999" stroke-dasharray="6 4"/>`,
    `<text x="${X(refEnd) - 4}" y="${Y((refV * refEnd) / refN) - 6}" text-anchor="end" fill="#777">linear (slope 1)</text>`,
  );
  rows.forEach((r, i) => {
    const colour = colours[i % colours.length]!;
    const p = r.ours
      .map((v, j) => (v ? `${X(r.cost.rows(scales[j]!)).toFixed(1)},${Y(v).toFixed(1)}` : ''))
      .filter(Boolean);
    if (p.length > 1) out.push(`<polyline points="${p.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const q of p) {
      const [cx, cy] = q.split(',');
      out.push(`<circle cx="${cx}" cy="${cy}" r="3.5" fill="${colour}"/>`);
    }
    const ly2 = m.top + 10 + i * 20;
    out.push(
      `<line x1="${W - m.right + 16}" y1="${ly2}" x2="${W - m.right + 36}" y2="${ly2}" stroke="${colour}" stroke-width="3"/>`,
      `<text x="${W - m.right + 42}" y="${ly2 + 4}">${r.cost.label}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

const START = '<!-- growth:start (generated by `npm run bench:growth`; edit bench/growth.ts, not this part) -->';
const END = '<!-- growth:end -->';
const generated = `${START}\n${table()}\n\n![Cost against data size, log-log](performance-growth.svg)\n${END}`;
const doc = existsSync(docFile) ? readFileSync(docFile, 'utf8') : `# Performance\n\n${START}\n${END}\n`;
const at = doc.indexOf('<!-- growth:start');
const end = doc.indexOf(END);
if (at < 0 || end < 0) throw new Error(`docs/PERFORMANCE.md has no growth markers`);
writeFileSync(docFile, doc.slice(0, at) + generated + doc.slice(end + END.length));
writeFileSync(svgFile, chart());
process.stderr.write(`wrote ${path.relative(root, docFile)} and ${path.relative(root, svgFile)}\n`);
