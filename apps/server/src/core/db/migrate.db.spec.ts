import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSources } from '../../compose.ts';
import { type Database, openDatabase } from './database.ts';
import { collectMigrations, migrate, pendingMigrations } from './migrate.ts';
import { schemaSnapshot } from './migrate.testkit.ts';

/**
 * SHA-256 of the schema snapshot (migrate.testkit.ts) on PGlite of the 25 migration files as they were
 * before issue 16 split them between the core and the modules (main at b0fbe76). The split files must
 * give the same schema; released files never change. (Were PGlite upgraded and its catalogue text
 * changed, recompute the hash from the unsplit files of that commit, not from the current ones.)
 */
const UNSPLIT_SCHEMA_SHA256 = 'c2d84fcfcf8e855bf01e0e0120869ab0d5079638d5de3f9caf192215f72f3e2a';

const SCHEMA_MIGRATIONS = sql`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'grassroots-migrations-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const names = async (database: Database) =>
  (await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(database.db)).rows.map(
    (r) => r.name,
  );

describe('collecting migrations', () => {
  it('takes the core folder and the module folders in one name order', async () => {
    const all = await collectMigrations(migrationSources);
    expect(all.map((m) => m.name)).toEqual(all.map((m) => m.name).sort());
    const where = (name: string) =>
      path.relative(path.join(import.meta.dirname, '../..'), all.find((m) => m.name === name)!.dir);
    expect(where('001_divisions_departments.sql')).toBe('core/db/migrations');
    expect(where('001_registry.sql')).toBe('modules/registry/migrations');
    // a module table is created after the core tables it refers to, and before the module parts that need it
    const order = all.map((m) => m.name);
    expect(order.indexOf('001_registry.sql')).toBeGreaterThan(order.indexOf('001_divisions_departments.sql'));
    expect(order.indexOf('024_query_codes_agency.sql')).toBeGreaterThan(order.indexOf('024_query_codes.sql'));
    expect(order.indexOf('025_person_agents_filer.sql')).toBeGreaterThan(order.indexOf('025_person_agents.sql'));
    expect(all.find((m) => m.name === '001_organisations.sql')!.replaces).toBe('001_core.sql');
    expect(all.find((m) => m.name === '002_auth_audit_calendar.sql')!.replaces).toBeUndefined();
  });

  it('refuses a number used twice and a split whose old name is still a file', async () => {
    await expect(collectMigrations([folder({ '002_auth_audit_calendar.sql': 'SELECT 1;' })])).rejects.toThrow(
      /002_auth_audit_calendar.sql is both in/,
    );
    await expect(
      collectMigrations([folder({ '900_part.sql': '-- replaces: 002_auth_audit_calendar.sql\nSELECT 1;' })]),
    ).rejects.toThrow(/replaces 002_auth_audit_calendar.sql, which still exists/);
  });
});

describe('migrating', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ pgliteDir: 'memory://' });
  });
  afterAll(() => database?.close());

  it('gives a fresh database the schema the unsplit files gave', async () => {
    await SCHEMA_MIGRATIONS.execute(database.db);
    // up to 025, as the runner does (name order, one transaction each), so that later files do not count
    for (const m of (await collectMigrations(migrationSources)).filter((m) => m.name < '026')) {
      const text = await readFile(path.join(m.dir, m.name), 'utf8');
      await database.db.transaction().execute((tx) => sql.raw(text).execute(tx));
    }
    const hash = createHash('sha256')
      .update((await schemaSnapshot(database.db)).join('\n'))
      .digest('hex');
    expect(hash).toBe(UNSPLIT_SCHEMA_SHA256);
  });

  it('upgrades a database that applied the unsplit files without running anything again', async () => {
    const all = await collectMigrations(migrationSources);
    // the database above holds the schema; its record now says what an installation before the split says
    const replaced = [...new Set(all.flatMap((m) => (m.replaces ? [m.replaces] : [])))];
    expect(replaced).toEqual([
      '001_core.sql',
      '015_service_centre.sql',
      '016_agency_duty.sql',
      '023_residents_side.sql',
      '024_query_codes_open311.sql',
      '025_portal_agents.sql',
    ]);
    const old = [...all.filter((m) => !m.replaces).map((m) => m.name), ...replaced];
    for (const name of old) await sql`INSERT INTO schema_migrations (name) VALUES (${name})`.execute(database.db);
    const before = await schemaSnapshot(database.db);

    expect(await pendingMigrations(database.db, migrationSources)).toEqual([]);
    const log: string[] = [];
    // running a part again would fail (its tables exist) or change the schema
    expect(await migrate(database.db, (m) => log.push(m), migrationSources)).toEqual([]);
    expect(log).toContain('recorded 001_registry.sql (applied as part of 001_core.sql)');
    expect(await schemaSnapshot(database.db)).toEqual(before);
    expect(await names(database)).toEqual([...old, ...all.filter((m) => m.replaces).map((m) => m.name)].sort());
    expect(await migrate(database.db, () => {}, migrationSources)).toEqual([]);
  });

  it('runs a part whose old file was never applied, and records one whose old file was', async () => {
    const dir = folder({
      '900_kept.sql': '-- replaces: 899_old.sql\nCREATE TABLE t_kept (id int);',
      '901_fresh.sql': '-- replaces: 898_never.sql\nCREATE TABLE t_fresh (id int);',
    });
    await sql`INSERT INTO schema_migrations (name) VALUES ('899_old.sql')`.execute(database.db);

    expect(await pendingMigrations(database.db, [...migrationSources, dir])).toEqual(['901_fresh.sql']);
    expect(await migrate(database.db, () => {}, [...migrationSources, dir])).toEqual(['901_fresh.sql']);
    const { rows } = await sql<{ t: string | null }>`
      SELECT to_regclass('t_kept')::text AS t UNION ALL SELECT to_regclass('t_fresh')::text`.execute(database.db);
    expect(rows.map((r) => r.t)).toEqual([null, 't_fresh']);
    expect(await names(database)).toEqual(expect.arrayContaining(['900_kept.sql', '901_fresh.sql']));
  });
});
