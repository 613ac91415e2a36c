import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Either the root handle or a transaction: repositories accept both. */
export type Executor = Kysely<DB>;

// Return `date` columns as 'YYYY-MM-DD' strings: business dates have no time zone.
pg.types.setTypeParser(1082, (v) => v);
// bigint counts are safe as numbers at our scale.
pg.types.setTypeParser(20, (v) => Number(v));

export interface Database {
  db: Db;
  pool: pg.Pool;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface OpenOptions {
  url?: string | undefined;
  /** PGlite data directory; 'memory://' for an in-memory database. */
  pgliteDir?: string;
  /** PGlite only: load a dumped data directory (tests clone a migrated template this way). */
  loadDataDir?: Blob;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, pool, kind: 'postgres', close: () => db.destroy() };
  }
  const dir = opts.pgliteDir ?? 'memory://';
  const release = dir.startsWith('memory://') ? () => {} : lockDataDir(dir);
  const lite = await PGlite.create({
    dataDir: dir,
    extensions: { pg_trgm },
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  // PGlite has a single connection: everything inside a transaction must use the transaction handle.
  const pool = new pg.Pool({ ...(createPgConfig(lite) as pg.PoolConfig), max: 1 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    kind: 'pglite',
    async close() {
      await db.destroy();
      await lite.close();
      release();
    },
    // exposed for dumpDataDir in the test template
    ...({ lite } as object),
  };
}

/**
 * The embedded database belongs to one process at a time: a second one opening the same folder
 * would corrupt it. A lock file with our pid keeps the command line away while the server runs.
 */
function lockDataDir(dir: string): () => void {
  const lockFile = `${dir.replace(/\/$/, '')}.lock`;
  mkdirSync(path.dirname(lockFile), { recursive: true });
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    let alive: boolean;
    try {
      alive = pid !== process.pid && process.kill(pid, 0);
    } catch {
      // no such process: the lock was left by one that ended without releasing it
      alive = false;
    }
    if (alive)
      throw new Error(
        `the embedded database ${dir} is in use by process ${pid} (is the server running? stop it first, or use the API)`,
      );
    writeFileSync(lockFile, String(process.pid));
  }
  return () => rmSync(lockFile, { force: true });
}

/**
 * The role the application works as: data rights on the tables, no ownership, and only SELECT and
 * INSERT on the audit log. Created by migration 022; the owner (who runs migrations) owns everything.
 */
export const APP_ROLE = 'grassroots_app';

/**
 * The connection URL with the application role set at connection start (`options=-c role=…`): every
 * pooled connection, including pg-boss's, works as the application role from its first statement.
 * The URL's login role must be a superuser or a member of the application role.
 */
export function appRoleUrl(url: string): string {
  const u = new URL(url);
  const options = u.searchParams.get('options');
  u.searchParams.set('options', `${options ? `${options} ` : ''}-c role=${APP_ROLE}`);
  return u.toString();
}

export function pgliteOf(database: Database): PGlite | undefined {
  return (database as unknown as { lite?: PGlite }).lite;
}
