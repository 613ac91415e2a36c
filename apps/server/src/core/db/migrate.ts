import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from './database.ts';

/** The core's own migrations; each module's live in its folder and are passed in as sources. */
const coreMigrationsDir = path.join(import.meta.dirname, 'migrations');

export interface Migration {
  name: string;
  dir: string;
  /**
   * The file this one was split out of (its first line: `-- replaces: 001_core.sql`). A database that
   * applied that file holds this part already, so the part is recorded there without running.
   */
  replaces: string | undefined;
}

const REPLACES = /^-- replaces: (\S+\.sql)\s*$/;

/**
 * The core's migrations and those in the module folders `sources`, in one global name order: the
 * numbers are shared by all folders, so a module's table is created after the core tables it refers
 * to, whichever folder holds it. A name twice, or a file that replaces a name still in use, is refused:
 * either would make "was this applied?" ambiguous.
 */
export async function collectMigrations(sources: readonly string[]): Promise<Migration[]> {
  const found = new Map<string, Migration>();
  for (const dir of [coreMigrationsDir, ...sources]) {
    for (const name of (await readdir(dir)).filter((f) => f.endsWith('.sql'))) {
      const other = found.get(name);
      if (other) throw new Error(`migration ${name} is both in ${other.dir} and in ${dir}: numbers are global`);
      const firstLine = (await readFile(path.join(dir, name), 'utf8')).split('\n', 1)[0]!;
      found.set(name, { name, dir, replaces: REPLACES.exec(firstLine)?.[1] });
    }
  }
  for (const m of found.values())
    if (m.replaces && found.has(m.replaces))
      throw new Error(`migration ${m.name} replaces ${m.replaces}, which still exists: a split file needs new names`);
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Whether the database holds this migration: applied under its name, or as part of the file it was split out of. */
function isApplied(m: Migration, done: ReadonlySet<string>): 'applied' | 'replaced' | false {
  if (done.has(m.name)) return 'applied';
  return m.replaces !== undefined && done.has(m.replaces) ? 'replaced' : false;
}

/**
 * Applies pending SQL migrations of the core and of the module folders `sources` in global name order,
 * each in its own transaction, under an advisory lock. Returns the names it ran.
 */
export async function migrate(
  db: Db,
  log: (msg: string) => void = () => {},
  sources: readonly string[],
): Promise<string[]> {
  const migrations = await collectMigrations(sources);
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(7311001)`.execute(conn);
    try {
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(
        conn,
      );
      const done = new Set(
        (await sql<{ name: string }>`SELECT name FROM schema_migrations`.execute(conn)).rows.map((r) => r.name),
      );
      const applied: string[] = [];
      for (const m of migrations) {
        const state = isApplied(m, done);
        if (state === 'applied') continue;
        if (state === 'replaced') {
          // recorded under its own name too, so that schema_migrations lists what the files list
          await sql`INSERT INTO schema_migrations (name) VALUES (${m.name})`.execute(conn);
          log(`recorded ${m.name} (applied as part of ${m.replaces})`);
          continue;
        }
        const text = await readFile(path.join(m.dir, m.name), 'utf8');
        await conn.transaction().execute(async (trx) => {
          await sql.raw(text).execute(trx);
          await sql`INSERT INTO schema_migrations (name) VALUES (${m.name})`.execute(trx);
        });
        log(`migrated ${m.name}`);
        applied.push(m.name);
      }
      return applied;
    } finally {
      await sql`SELECT pg_advisory_unlock(7311001)`.execute(conn);
    }
  });
}

/** Migrations not yet applied (for a start without the owner's rights, which cannot apply them). */
export async function pendingMigrations(db: Db, sources: readonly string[]): Promise<string[]> {
  const migrations = await collectMigrations(sources);
  const { rows } = await sql<{
    exists: boolean;
  }>`SELECT to_regclass('schema_migrations') IS NOT NULL AS exists`.execute(db);
  if (!rows[0]?.exists) return migrations.map((m) => m.name);
  const done = new Set(
    (await sql<{ name: string }>`SELECT name FROM schema_migrations`.execute(db)).rows.map((r) => r.name),
  );
  return migrations.filter((m) => !isApplied(m, done)).map((m) => m.name);
}
