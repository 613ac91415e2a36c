import { spawnSync } from 'node:child_process';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Config } from '../config.ts';
import { type Database, pgliteOf } from './database.ts';

/**
 * A backup is a folder: the database (a PGlite data-dir tarball, or pg_dump's custom format), the
 * attachment files, and a manifest with the audit chain's head so a restore can be checked.
 */
export async function backup(config: Config, database: Database, target: string, manifest: Record<string, unknown>) {
  await mkdir(target, { recursive: true });
  if (database.kind === 'pglite') {
    const blob = await pgliteOf(database)!.dumpDataDir('gzip');
    await writeFile(path.join(target, 'database.tar.gz'), Buffer.from(await blob.arrayBuffer()));
  } else {
    const r = spawnSync('pg_dump', ['--format=custom', `--file=${path.join(target, 'database.dump')}`, config.DATABASE_URL!], { stdio: ['ignore', 'inherit', 'pipe'] });
    if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr?.toString() ?? r.error?.message}`);
  }
  if (existsSync(config.filesDir)) await cp(config.filesDir, path.join(target, 'files'), { recursive: true });
  await writeFile(path.join(target, 'manifest.json'), JSON.stringify({ ...manifest, kind: database.kind, createdAt: new Date().toISOString() }, null, 2));
}

/** Restores into an empty target: the embedded data folder, or the (new, empty) database named by DATABASE_URL. */
export async function restore(config: Config, source: string) {
  const manifest = JSON.parse(await readFile(path.join(source, 'manifest.json'), 'utf8'));
  if (manifest.kind === 'pglite') {
    if (!config.embedded) throw new Error('this backup is of an embedded database; restore it without DATABASE_URL');
    if (existsSync(path.join(config.pgliteDir, 'PG_VERSION'))) throw new Error(`${config.pgliteDir} already holds a database: move it away first`);
    const bytes = await readFile(path.join(source, 'database.tar.gz'));
    await mkdir(config.DATA_DIR, { recursive: true });
    const lite = await PGlite.create({ dataDir: config.pgliteDir, extensions: { pg_trgm }, loadDataDir: new Blob([bytes]) });
    await lite.close();
  } else {
    if (config.embedded) throw new Error('this backup is of a PostgreSQL server; set DATABASE_URL to an empty database');
    const r = spawnSync('pg_restore', ['--no-owner', `--dbname=${config.DATABASE_URL}`, path.join(source, 'database.dump')], { stdio: ['ignore', 'inherit', 'pipe'] });
    if (r.status !== 0) throw new Error(`pg_restore failed: ${r.stderr?.toString()}`);
  }
  if (existsSync(path.join(source, 'files'))) await cp(path.join(source, 'files'), config.filesDir, { recursive: true });
  return manifest as { auditCount: number; auditHead: string };
}
