import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, movableClock, personIn, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../auth/actor.ts';
import { asOwner } from '../db/app-role.ts';
import { CaseService } from './case.service.ts';
import { derivedColumns, readLog } from './case.repository.ts';
import { deriveCase } from './derive.ts';
import { scanDeadlines } from './deadline-scan.ts';

let app: App;
let clerk: Actor;
let clerk2: Actor;
let reviewer: Actor;
let head: Actor;
const time = movableClock('2026-09-30');
let cases: CaseService;

beforeAll(async () => {
  app = await testApp({ clock: time.clock });
  cases = app.cases;
  [clerk, clerk2, reviewer, head] = (await Promise.all(
    ['clerk', 'clerk2', 'reviewer', 'head'].map((u) => actorNamed(app, u)),
  )) as [Actor, Actor, Actor, Actor];
});
afterAll(() => app?.close());

const openFor = async (actor: Actor, key?: string) => {
  const subject = await personIn(app, actor.divisionCode.slice(0, 9));
  return cases.open(
    actor,
    {
      typeCode: 'service_application',
      title: '临时救助申请',
      subject: { type: 'person', id: subject.id },
      fields: { item: '临时救助' },
    },
    key,
  );
};
const serialOf = (number: string) => Number(number.split('-')[2]);
const noInput = (version: number) => ({ expectedVersion: version, fields: {}, attachments: [] });

describe('case engine on the database', () => {
  // case numbers are file references, not official numbers: unique and increasing per prefix and year, not gap-free
  it('numbers cases per prefix and year from a sequence: unique and increasing', async () => {
    const a = await openFor(clerk);
    const b = await openFor(clerk);
    expect(a.case.number).toMatch(/^SQ-2026-\d{6}$/);
    expect(serialOf(b.case.number)).toBeGreaterThan(serialOf(a.case.number));
  });

  it('takes no number for an opening refused before it is stored; a rolled-back opening leaves a gap', async () => {
    const before = await openFor(clerk);
    await expect(
      cases.open(clerk, {
        typeCode: 'service_application',
        title: 'x',
        subject: { type: 'person', id: '00000000-0000-0000-0000-000000000000' },
        fields: { item: 'x' },
      }),
    ).rejects.toThrow(/Subject not found/);
    const refusedFirst = await openFor(clerk);
    expect(serialOf(refusedFirst.case.number)).toBe(serialOf(before.case.number) + 1);
    const subject = await personIn(app, clerk.divisionCode.slice(0, 9));
    await expect(
      cases.command(clerk, undefined, async (steps) => {
        await steps.open({
          typeCode: 'service_application',
          title: 'x',
          subject: { type: 'person', id: subject.id },
          fields: { item: 'x' },
        });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow(/changed my mind/);
    const after = await openFor(clerk);
    expect(serialOf(after.case.number)).toBe(serialOf(refusedFirst.case.number) + 2);
  });

  it("starts a new year's series at 1, and a new sequence after the numbers its prefix and year already have", async () => {
    time.set('2031-01-05');
    const first = await openFor(clerk);
    expect(first.case.number).toBe('SQ-2031-000001');
    // a database numbered by the gap-free counter before migration 030 has numbers and no sequence yet
    await asOwner(app.database, app.config, (owner) => sql`DROP SEQUENCE case_numbers_sq_2031`.execute(owner.db));
    const next = await openFor(clerk);
    time.set('2026-09-30');
    expect(next.case.number).toBe('SQ-2031-000002');
  });

  it('accepts across National Day, issues a numbered receipt, and pauses for missing materials', async () => {
    time.set('2026-09-30');
    const { case: c } = await openFor(clerk);
    const accepted = await cases.act(clerk, c.id, 'accept', noInput(1));
    expect(accepted.case.dueDate).toBe('2026-10-13');
    expect(accepted.documents).toEqual([
      expect.objectContaining({ kind: 'receipt', number: expect.stringMatching(/^SL-2026-\d{6}$/) }),
    ]);
    time.set('2026-10-09');
    const paused = await cases.act(clerk, c.id, 'requestMaterials', {
      ...noInput(2),
      fields: { missingMaterials: ['户口簿复印件'] },
    });
    expect(paused.case.dueState).toBe('paused');
    expect(paused.documents[0]!.kind).toBe('oneTimeNotice');
    time.set('2026-10-16');
    const resumed = await cases.act(clerk, c.id, 'supplyMaterials', noInput(3));
    // used 10-08 and 10-09 (2 of 5); 3 more from 10-16: 10-19, 10-20, 10-21
    expect(resumed.case.dueDate).toBe('2026-10-21');
  });

  it('answers a stale version with 409 and the current version', async () => {
    const { case: c } = await openFor(clerk);
    await cases.act(clerk, c.id, 'accept', noInput(1));
    await expect(cases.act(clerk, c.id, 'refuse', { ...noInput(1), opinion: 'x' })).rejects.toMatchObject({
      status: 409,
      code: 'version_conflict',
      extra: { currentVersion: 2 },
    });
  });

  it('refuses an action the state does not allow, naming the allowed ones', async () => {
    const { case: c } = await openFor(clerk);
    const err = await cases.act(clerk, c.id, 'close', noInput(1)).catch((e) => e);
    expect(err).toMatchObject({ status: 409, code: 'action_not_allowed' });
    expect(err.extra.allowedActions.map((a: { code: string }) => a.code)).toEqual(
      expect.arrayContaining(['accept', 'refuse']),
    );
    expect(err.extra.allowedActions.map((a: { code: string }) => a.code)).not.toContain('close');
  });

  it('requires the fields and opinion an action names, and stores nothing when they are missing', async () => {
    const { case: c } = await openFor(clerk);
    await expect(cases.act(clerk, c.id, 'refuse', noInput(1))).rejects.toMatchObject({ status: 400, field: 'opinion' });
    await cases.act(clerk, c.id, 'accept', noInput(1));
    await expect(cases.act(clerk, c.id, 'requestMaterials', noInput(2))).rejects.toMatchObject({
      status: 400,
      field: 'fields.missingMaterials',
    });
    await expect(
      cases.act(clerk, c.id, 'requestMaterials', { ...noInput(2), fields: { missingMaterials: ['a'], extra: 1 } }),
    ).rejects.toMatchObject({ field: 'fields.extra' });
    expect((await readLog(app.db, c.id)).length).toBe(2);
  });

  it('lets only the roles named by the action take it, inside their jurisdiction', async () => {
    const { case: c } = await openFor(clerk);
    await cases.act(clerk, c.id, 'accept', noInput(1));
    // a reviewer of another department does not see the case at all
    await expect(
      cases.act(reviewer, c.id, 'review', { ...noInput(2), fields: { recommendation: 'approve' }, opinion: 'ok' }),
    ).rejects.toMatchObject({ status: 404 });
    // a clerk of another township neither
    await expect(
      cases.act(clerk2, c.id, 'requestMaterials', { ...noInput(2), fields: { missingMaterials: ['a'] } }),
    ).rejects.toMatchObject({ status: 404 });
    // the clerk may not review: wrong role
    await expect(
      cases.act(clerk, c.id, 'review', { ...noInput(2), fields: { recommendation: 'approve' }, opinion: 'ok' }),
    ).rejects.toMatchObject({ status: 403 });
    const mzj = await app.db
      .selectFrom('departments')
      .select('id')
      .where('id', '=', reviewer.departmentId)
      .executeTakeFirstOrThrow();
    await cases.act(clerk, c.id, 'transfer', { ...noInput(2), fields: { toDepartmentId: mzj.id }, opinion: '请审核' });
    const reviewed = await cases.act(reviewer, c.id, 'review', {
      ...noInput(3),
      fields: { recommendation: 'approve' },
      opinion: '符合条件',
    });
    expect(reviewed.case.status).toBe('reviewed');
    expect(reviewed.case.owningDepartmentId).toBe(reviewer.departmentId);
  });

  it('caps extensions at the clock maximum', async () => {
    const { case: c } = await openFor(clerk);
    await cases.act(clerk, c.id, 'accept', noInput(1));
    await cases.act(clerk, c.id, 'transfer', {
      ...noInput(2),
      fields: { toDepartmentId: head.departmentId },
      opinion: '转民政局',
    });
    await cases.act(head, c.id, 'approveExtension', { ...noInput(3), fields: { days: 4 } });
    await expect(
      cases.act(head, c.id, 'approveExtension', { ...noInput(4), fields: { days: 2 } }),
    ).rejects.toMatchObject({ code: 'extension_exceeds_maximum' });
  });

  it('returns the first result to a retry with the same idempotency key', async () => {
    const first = await openFor(clerk, 'open-key-0001');
    const again = await openFor(clerk, 'open-key-0001');
    expect(again.case.id).toBe(first.case.id);
    const a1 = await cases.act(clerk, first.case.id, 'accept', noInput(1), 'accept-key-0001');
    const a2 = await cases.act(clerk, first.case.id, 'accept', noInput(1), 'accept-key-0001');
    expect(a2.case.version).toBe(2);
    expect(a2.documents[0]!.number).toBe(a1.documents[0]!.number);
    expect((await readLog(app.db, first.case.id)).length).toBe(2);
  });

  it('marks overdue cases and notifies the assignee or the department', async () => {
    time.set('2026-11-02');
    const { case: c } = await openFor(clerk);
    await cases.act(clerk, c.id, 'accept', noInput(1));
    expect((await scanDeadlines(app.db, '2026-11-04')).overdue).toBeGreaterThanOrEqual(0);
    const counts = await scanDeadlines(app.db, '2026-11-10');
    expect(counts.overdue).toBeGreaterThan(0);
    const row = await app.db.selectFrom('cases').select('due_state').where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.due_state).toBe('overdue');
    const notes = await app.db
      .selectFrom('notifications')
      .select(['user_id', 'message'])
      .where('case_id', '=', c.id)
      .execute();
    expect(notes.map((n) => n.user_id)).toContain(clerk.id);
    // a second scan changes nothing and sends nothing twice
    expect((await scanDeadlines(app.db, '2026-11-10')).overdue).toBe(0);
    expect((await app.db.selectFrom('notifications').select('id').where('case_id', '=', c.id).execute()).length).toBe(
      notes.length,
    );
  });

  it('stores exactly what the action log derives, for every case in the database', async () => {
    const calendar = await app.calendar.get();
    const rows = await app.db.selectFrom('cases').selectAll().execute();
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      const log = await readLog(app.db, row.id);
      const at = log[log.length - 1]!.at;
      const derived = deriveCase(
        app.cases.type(row.type_code),
        log,
        calendar,
        new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at),
      );
      const expected = derivedColumns(derived);
      expect({
        ...expected,
        due_state: undefined,
        data: JSON.parse(expected.data),
        clocks: JSON.parse(expected.clocks),
      }).toEqual({
        status: row.status,
        is_open: row.is_open,
        flags: row.flags,
        owning_department_id: row.owning_department_id,
        lead_department_id: row.lead_department_id,
        assisting_department_ids: row.assisting_department_ids,
        assignee_id: row.assignee_id,
        data: row.data,
        clocks: row.clocks,
        due_date: row.due_date,
        due_soon_date: row.due_soon_date,
        due_state: undefined,
        version: row.version,
        closed_at: row.closed_at,
      });
    }
  });
});
