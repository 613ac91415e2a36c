import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createApp } from '../src/compose.ts';
import { openDatabase, pgliteOf } from '../src/core/db/database.ts';
import { seedDemo } from '../src/demo/demo.seed.ts';
import { TEST_PERSONS, testConfig, withDatabaseName } from './config.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    template: { kind: 'pglite'; file: string } | { kind: 'postgres'; url: string; name: string };
  }
}

/**
 * Migrates and seeds one template database for the whole run; each test file then gets its own
 * copy (PGlite: a data-dir tarball; PostgreSQL: CREATE DATABASE … TEMPLATE).
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), 'grassroots-template-'));
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `gr_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    );
    const url = withDatabaseName(serverUrl, name);
    const app = await createApp(testConfig(dir, url));
    await seedDemo(app, { persons: TEST_PERSONS, seed: 7 });
    await app.close();
    project.provide('template', { kind: 'postgres', url: serverUrl, name });
    return async () => {
      // only this run's copies (gr_t_<pid>_…): another run on the same server keeps its own ('_' is a LIKE wildcard, hence escaped)
      const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $2 OR datname = $1`, [
        name,
        `gr\\_t\\_${process.pid}\\_%`,
      ]);
      for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const database = await openDatabase({ pgliteDir: 'memory://' });
  const app = await createApp(testConfig(dir), { database });
  await seedDemo(app, { persons: TEST_PERSONS, seed: 7 });
  await app.boss.stop({ graceful: true, wait: true, close: false });
  const blob = await pgliteOf(database)!.dumpDataDir('none');
  const file = path.join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  await database.close();
  project.provide('template', { kind: 'pglite', file });
  return () => rmSync(dir, { recursive: true, force: true });
}
