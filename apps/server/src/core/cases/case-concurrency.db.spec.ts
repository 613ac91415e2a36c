import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, onPostgres, personIn, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../auth/actor.ts';
import type { Tx } from '../db/database.ts';
import { sql } from 'kysely';
import { readLog } from './case.repository.ts';

// On PostgreSQL these run truly in parallel over a pool; on PGlite (one connection) they queue,
// and the outcome must be the same.
let app: App;
let clerk: Actor;
beforeAll(async () => {
  app = await testApp();
  clerk = await actorNamed(app, 'clerk');
  // an action staff and a job may both take, again and again: a job gives no expected version
  app.caseTypes.register({
    code: 'concurrency_probe',
    numberPrefix: 'CP',
    name: '并发探针',
    nameEn: 'Concurrency probe',
    initialState: 'open',
    states: { open: { label: '办理中' }, done: { label: '已办结', final: true } },
    openRoles: ['window_clerk'],
    actions: [{ code: 'note', label: '记录', from: ['open'], to: 'open', roles: ['window_clerk', 'system'] }],
  });
});
afterAll(() => app?.close());

async function newCase(typeCode = 'service_application', fields: Record<string, unknown> = { item: 'x' }) {
  const subject = await personIn(app, clerk.divisionCode.slice(0, 9));
  return (
    await app.cases.open(clerk, {
      typeCode,
      title: '并发测试',
      subject: { type: 'person', id: subject.id },
      fields,
    })
  ).case;
}

describe(`concurrent commands on one case (${onPostgres() ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('lets exactly one of 20 actions on the same version succeed; the rest get 409', async () => {
    const c = await newCase();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        app.cases.act(clerk, c.id, 'accept', { expectedVersion: 1, fields: {}, attachments: [] }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused.map((r) => r.reason.status)).toEqual(Array(19).fill(409));
    expect(await readLog(app.db, c.id)).toHaveLength(2);
    const docs = await app.db.selectFrom('documents').select('id').where('case_id', '=', c.id).execute();
    expect(docs).toHaveLength(1);
  });

  it('records one action for 20 concurrent retries with one idempotency key, and all get its result', async () => {
    const c = await newCase();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        app.cases.act(clerk, c.id, 'accept', { expectedVersion: 1, fields: {}, attachments: [] }, `same-key-${c.id}`),
      ),
    );
    expect(new Set(results.map((r) => r.case.version))).toEqual(new Set([2]));
    expect(new Set(results.map((r) => r.documents[0]!.number)).size).toBe(1);
    expect(await readLog(app.db, c.id)).toHaveLength(2);
  });

  it("reads the log again when an action committed while it waited for the case's lock", async () => {
    const c = await newCase('concurrency_probe', {});
    let job: Promise<unknown> | undefined;
    await app.cases.command(clerk, undefined, async (steps) => {
      await steps.act(c.id, 'note', { expectedVersion: 1, fields: {}, attachments: [] });
      // the job's transaction waits for this one's lock (PGlite has one connection: it simply runs after)
      job = app.cases.actAs({ kind: 'system', name: '系统' }, c.id, 'note', { fields: {}, attachments: [] });
      if (onPostgres()) await untilSomeoneWaitsFor(steps.tx);
    });
    await job;
    const log = await readLog(app.db, c.id);
    expect(log.map((a) => a.seq)).toEqual([1, 2, 3]);
    const row = await app.db.selectFrom('cases').select('version').where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.version).toBe(3);
  });

  it('numbers 30 concurrently opened cases without duplicates, each after the one opened before them', async () => {
    const before = Number((await newCase()).number.split('-')[2]);
    const subject = await personIn(app, clerk.divisionCode.slice(0, 9));
    const opened = await Promise.all(
      Array.from({ length: 30 }, () =>
        app.cases.open(clerk, {
          typeCode: 'service_application',
          title: 'x',
          subject: { type: 'person', id: subject.id },
          fields: { item: 'x' },
        }),
      ),
    );
    const numbers = opened.map((o) => Number(o.case.number.split('-')[2]));
    expect(new Set(numbers).size).toBe(30);
    expect(Math.min(...numbers)).toBeGreaterThan(before);
    // nothing was rolled back, so the sequence left no gap either
    expect(Math.max(...numbers) - before).toBe(30);
  });
});

/** Until another transaction waits for `tx` to end (for a row it locked). */
async function untilSomeoneWaitsFor(tx: Tx) {
  const { rows } = await sql<{ xid: string }>`SELECT txid_current()::text AS xid`.execute(tx);
  for (;;) {
    // pg_locks, not pg_stat_activity: the application role is not shown other sessions' waits
    const { rows: waiting } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_locks
      WHERE NOT granted AND locktype = 'transactionid' AND transactionid::text = ${rows[0]!.xid}`.execute(app.db);
    if (waiting[0]!.n > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}
