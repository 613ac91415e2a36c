import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/demo.seed.ts';
import { TEST_MASTER_KEY, withDatabaseName } from '../config.ts';
import { testDatabaseUrl } from '../helpers.ts';
import { json, startServerProcess, stopProcess } from '../server-process.ts';

/** Two API processes and two workers on one PostgreSQL database, then a backup restored elsewhere. */
let url: string;
const procs: Array<Awaited<ReturnType<typeof startServerProcess>>> = [];
let db: pg.Client;

beforeAll(async () => {
  url = await testDatabaseUrl();
  procs.push(await startServerProcess({ databaseUrl: url, port: 3981 }));
  procs.push(await startServerProcess({ databaseUrl: url, port: 3982 }));
  procs.push(await startServerProcess({ databaseUrl: url, port: 3983, args: ['worker'] }));
  procs.push(await startServerProcess({ databaseUrl: url, port: 3984, args: ['worker'] }));
  db = new pg.Client({ connectionString: url });
  await db.connect();
}, 240_000);
afterAll(async () => {
  for (const p of procs) await stopProcess(p.proc);
  await db?.end();
});

async function until<T>(probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('several processes on one PostgreSQL', () => {
  it('accepts a session made on one API process on the other', async () => {
    const [a, b] = procs;
    const { body } = await json(`${a!.url}/api/v1/auth/login`, {
      body: { username: 'clerk', password: DEMO_PASSWORD },
    });
    expect((await json(`${b!.url}/api/v1/auth/me`, { token: body.token })).body.username).toBe('clerk');
    await json(`${b!.url}/api/v1/auth/logout`, { token: body.token, body: {} });
    expect((await json(`${a!.url}/api/v1/auth/me`, { token: body.token })).status).toBe(401);
  });

  it('numbers documents from both processes without gaps or duplicates, and the workers render each once', async () => {
    const [a, b] = procs;
    const tokens = await Promise.all(
      [a!, b!].map(
        async (p) =>
          (await json(`${p.url}/api/v1/auth/login`, { body: { username: 'clerk', password: DEMO_PASSWORD } })).body
            .token as string,
      ),
    );
    const persons = (await json(`${a!.url}/api/v1/persons?name=%E7%8E%8B&limit=1`, { token: tokens[0] })).body;
    const before = (await db.query(`SELECT count(*)::int AS n FROM documents`)).rows[0].n as number;
    const accepted = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const [base, token] = [[a!, b!][i % 2]!.url, tokens[i % 2]];
        const opened = await json(`${base}/api/v1/cases`, {
          token,
          body: {
            typeCode: 'service_application',
            title: '多进程',
            subject: { type: 'person', id: persons[0].id },
            fields: { item: 'x' },
          },
        });
        const res = await json(`${base}/api/v1/cases/${opened.body.case.id}/actions/accept`, {
          token,
          body: { expectedVersion: 1 },
        });
        expect(res.status).toBe(200);
        return res.body.documents[0] as { id: string; number: string };
      }),
    );
    const numbers = accepted.map((d) => Number(d.number.split('-')[2])).sort((x, y) => x - y);
    expect(numbers[numbers.length - 1]! - numbers[0]!).toBe(39);
    expect(new Set(numbers).size).toBe(40);
    expect((await db.query(`SELECT count(*)::int AS n FROM documents`)).rows[0].n).toBe(before + 40);
    const ids = accepted.map((d) => d.id);
    await until(async () =>
      (await db.query(`SELECT count(*)::int AS n FROM documents WHERE id = ANY($1) AND file_hash IS NOT NULL`, [ids]))
        .rows[0].n === 40
        ? true
        : undefined,
    );
    const jobs = await db.query(
      `SELECT data->>'documentId' AS doc, state, retry_count FROM pgboss.job WHERE name = 'document.render' AND data->>'documentId' = ANY($1)`,
      [ids],
    );
    expect(jobs.rows).toHaveLength(40);
    expect(jobs.rows.every((j) => j.state === 'completed' && j.retry_count === 0)).toBe(true);
  });

  it('restores a backup into a fresh database that serves the same case', { timeout: 180_000 }, async () => {
    const bin = path.resolve(import.meta.dirname, '../../bin/grassroots.mjs');
    const dir = mkdtempSync(path.join(tmpdir(), 'grassroots-backup-'));
    const env = { ...process.env, GRASSROOTS_MASTER_KEY: TEST_MASTER_KEY, DATA_DIR: dir };
    const backup = spawnSync(process.execPath, [bin, 'backup', path.join(dir, 'b')], {
      env: { ...env, DATABASE_URL: url },
      encoding: 'utf8',
    });
    expect(backup.stdout).toMatch(/backup written/);
    const target = `gr_t_restore_${Date.now()}`;
    await db.query(
      `CREATE DATABASE ${target} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    );
    const restoredUrl = withDatabaseName(url, target);
    const restore = spawnSync(process.execPath, [bin, 'restore', path.join(dir, 'b')], {
      env: { ...env, DATABASE_URL: restoredUrl, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'grassroots-restored-')) },
      encoding: 'utf8',
    });
    expect(restore.stdout + restore.stderr).toMatch(/audit chain OK/);
    const restored = new pg.Client({ connectionString: restoredUrl });
    await restored.connect();
    for (const table of ['persons', 'cases', 'case_actions', 'documents', 'users']) {
      const [x, y] = await Promise.all(
        [db, restored].map(async (c) => (await c.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n),
      );
      expect(y, table).toBe(x);
    }
    const someCase = (await db.query(`SELECT id, number FROM cases ORDER BY opened_at DESC LIMIT 1`)).rows[0];
    await restored.end();
    const server = await startServerProcess({ databaseUrl: restoredUrl, port: 3985 });
    try {
      const { body } = await json(`${server.url}/api/v1/auth/login`, {
        body: { username: 'supervisor', password: DEMO_PASSWORD },
      });
      const c = await json(`${server.url}/api/v1/cases/${someCase.id}`, { token: body.token });
      expect(c.body.case.number).toBe(someCase.number);
    } finally {
      await stopProcess(server.proc);
    }
  });
});
