import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type App, createApp } from '../apps/server/src/compose.ts';
import { loadConfig } from '../apps/server/src/core/config.ts';

export type Scale = 'small' | 'county' | 'x5';
export type DbKind = 'postgres' | 'pglite';

export const SCALES = {
  small: { persons: 20_000, cases: 20_000, auditEntries: 20_000, httpSeconds: 10, searches: 200 },
  county: { persons: 1_050_000, cases: 1_000_000, auditEntries: 1_000_000, httpSeconds: 60, searches: 1000 },
  // five counties' worth, for the growth runs (docs/PERFORMANCE.md)
  x5: { persons: 5_250_000, cases: 5_000_000, auditEntries: 5_000_000, httpSeconds: 60, searches: 1000 },
} as const;

export const PG_SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const BENCH_KEY = 'b'.repeat(64);
// a published key (it is right here): tolerated outside production only, and a benchmark is not production;
// the server processes the benchmarks start inherit this
process.env.NODE_ENV ??= 'test';

export interface Measurement {
  name: string;
  db: DbKind;
  scale: Scale;
  work: string;
  ours: { value: number; unit: string; detail?: Record<string, unknown> };
  baseline?: { value: number; unit: string; what: string; detail?: Record<string, unknown> };
  /** ours / baseline for throughputs, baseline / ours for latencies: above 1 means we beat it */
  ratio?: number;
  goal: string;
  met?: boolean;
  extra?: Record<string, unknown>;
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, result };
}

/** A fresh, empty database: a new one on the PostgreSQL server, or a new PGlite folder. */
export async function freshDatabase(kind: DbKind, name: string): Promise<{ url?: string; dataDir: string }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `grassroots-bench-${name}-`));
  if (kind === 'pglite') return { dataDir };
  const db = `gr_bench_${name.replace(/\W/g, '_')}`;
  const admin = new pg.Client({ connectionString: PG_SERVER });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${db} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
  await admin.end();
  const u = new URL(PG_SERVER);
  u.pathname = `/${db}`;
  return { url: u.toString(), dataDir };
}

export async function benchApp(target: { url?: string; dataDir: string }): Promise<App> {
  return createApp(
    loadConfig({
      DATA_DIR: target.dataDir,
      GRASSROOTS_MASTER_KEY: BENCH_KEY,
      LOG_LEVEL: 'silent',
      ...(target.url ? { DATABASE_URL: target.url } : {}),
    } as NodeJS.ProcessEnv),
  );
}

export function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  let pgVersion = '';
  try {
    pgVersion = execSync(`psql "${PG_SERVER}" -Atc "select version()"`, { encoding: 'utf8' }).split(' on ')[0]!;
  } catch {
    /* reported as unknown */
  }
  return {
    host: os.hostname(),
    cpus: `${os.cpus().length} × ${cpu}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    postgres: pgVersion || 'unknown',
  };
}

/** Peak resident memory of this process so far, in MB (Linux maxRSS is in KB). */
export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

export function log(msg: string) {
  process.stderr.write(`[bench] ${msg}\n`);
}

/** Resolves when a spawned server process prints that it is running. */
export function waitForServer(server: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), 120_000);
    server.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Grassroots is running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/**
 * A real server process (`grassroots start`) on a benchmark's database, listening on `port`, with the
 * bench master key; `env` adds settings (the bare baseline endpoints, a fixed day, the rate-limit
 * allow-list). Resolves once it says it is running; `stop()` ends it and waits for it.
 */
export async function startBenchServer(
  target: { url?: string; dataDir: string },
  port: number,
  env: Record<string, string> = {},
): Promise<{ base: string; stop: () => Promise<void> }> {
  const bin = path.resolve(import.meta.dirname, '../apps/server/bin/grassroots.mjs');
  const server = spawn(process.execPath, [bin, 'start'], {
    env: {
      ...process.env,
      DATA_DIR: target.dataDir,
      DATABASE_URL: target.url ?? '',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      GRASSROOTS_MASTER_KEY: BENCH_KEY,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async () => {
    if (server.exitCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  };
  try {
    await waitForServer(server);
  } catch (e) {
    await stop();
    throw e;
  }
  return { base: `http://127.0.0.1:${port}`, stop };
}
