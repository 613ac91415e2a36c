import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, onPostgres, personIn, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../auth/actor.ts';

// A command's cost on the database is mostly its round trips (bench/README.md, "Case actions over
// HTTP"): this guard fails when an opening or an accept sends more statements than it does now, so
// that a gain made there is not lost without anyone deciding to.
let app: App;
let clerk: Actor;
beforeAll(async () => {
  app = await testApp();
  clerk = await actorNamed(app, 'clerk');
});
afterAll(() => app?.close());

type Query = (this: pg.Client, ...args: unknown[]) => unknown;

/**
 * The statements sent through `pg` while `run` runs (PGlite is reached through `pg` too), leaving out
 * pg-boss's own upkeep, which runs on its timers whatever the test does (a command's job insert
 * travels in a statement that names the command's tables, and stays in).
 */
async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  const texts: string[] = [];
  const proto = pg.Client.prototype as unknown as { query: Query };
  const original = proto.query;
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    texts.push(typeof first === 'string' ? first : String((first as { text: string }).text));
    return original.apply(this, args);
  } as Query;
  try {
    await run();
  } finally {
    proto.query = original;
  }
  return texts
    .map((t) => t.replace(/\s+/g, ' ').trim())
    .filter((t) => !/pgboss\./i.test(t) || /\b(cases|case_actions|documents|audit_log)\b/i.test(t));
}

let subjectId: string;
const open = () =>
  app.cases.open(clerk, {
    typeCode: 'service_application',
    title: '语句计数',
    subject: { type: 'person', id: subjectId },
    fields: { item: '语句计数' },
  });

describe(`statements a case command sends (${onPostgres() ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('opens a case in 2 statements and accepts it, with its receipt, job and audit entry, in 4', async () => {
    subjectId = (await personIn(app, clerk.divisionCode.slice(0, 9))).id;
    // first use reads the calendar and the issuing department; later commands find them cached
    await app.cases.act(clerk, (await open()).case.id, 'accept', { expectedVersion: 1, fields: {}, attachments: [] });

    let opened!: Awaited<ReturnType<typeof open>>;
    const openStatements = await statementsOf(async () => (opened = await open()));
    // the subject within reach; the case with its number, first log entry and audit entry
    expect(openStatements).toHaveLength(2);

    let accepted!: Awaited<ReturnType<typeof app.cases.act>>;
    const acceptStatements = await statementsOf(
      async () =>
        (accepted = await app.cases.act(clerk, opened.case.id, 'accept', {
          expectedVersion: 1,
          fields: {},
          attachments: [],
        })),
    );
    // BEGIN; the lock with the log and the receipt's serial; every write as one statement; COMMIT
    expect(acceptStatements.map((t) => t.split(' ')[0]!.toLowerCase())).toEqual(['begin', 'select', 'with', 'commit']);

    // and the one statement wrote all it stands for
    const id = opened.case.id;
    const [receipt] = accepted.documents;
    expect(receipt).toMatchObject({ kind: 'receipt', number: expect.stringMatching(/^SL-\d{4}-\d{6}$/) });
    const stored = await app.db.selectFrom('documents').select(['id', 'number']).where('case_id', '=', id).execute();
    expect(stored).toEqual([{ id: receipt!.id, number: receipt!.number }]);
    const { rows: jobs } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'document.render' AND data->>'documentId' = ${receipt!.id}`.execute(
      app.db,
    );
    expect(jobs[0]!.n).toBe(1);
    const audit = await app.db
      .selectFrom('audit_log')
      .select('details')
      .where('target_id', '=', id)
      .where('action', '=', 'case.act')
      .execute();
    expect(audit.map((a) => a.details)).toEqual([
      expect.objectContaining({ action: 'accept', documents: [receipt!.number] }),
    ]);
    const row = await app.db
      .selectFrom('cases')
      .select(['status', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'accepted', version: 2 });
  });
});
