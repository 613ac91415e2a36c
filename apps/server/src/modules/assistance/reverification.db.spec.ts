import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, movableClock, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { getCaseWithHistory } from '../../core/cases/case.queries.ts';
import { actWith, enrolForTest, householdOf, investigationFor, type Act, uploadedPhoto } from './assistance.testkit.ts';
import { scanReverifications } from './reverification-scan.ts';

let app: App;
let act: Act;
const day = movableClock('2026-11-02');
let community: Actor;
let township: Actor;
let photo: string;
const ids: string[] = [];

beforeAll(async () => {
  app = await testApp({ clock: day.clock });
  act = actWith(app);
  [community, township] = await Promise.all([actorNamed(app, 'community'), actorNamed(app, 'township')]);
  photo = await uploadedPhoto(app, community, township);
  const households = await Promise.all([0, 1, 2].map((i) => householdOf(app, community.divisionCode, 2, i)));
  const rows = await enrolForTest(
    app,
    households.map((h) => ({ id: h.id, divisionCode: community.divisionCode, amountFen: 90_000 })),
  );
  ids.push(...rows.map((r) => r.id));
  // the first two fall due within the month, the third next year
  await app.db
    .updateTable('assistance_entitlements')
    .set({ next_reverification: '2026-11-20' })
    .where('id', 'in', ids.slice(0, 2))
    .execute();
});
afterAll(async () => {
  await app?.close();
});

/** The open re-verification case of an entitlement, as its page shows it. */
const caseOf = async (entitlementId: string) => {
  const row = await app.db
    .selectFrom('cases')
    .select('id')
    .where('type_code', '=', 'allowance_reverification')
    .where(sql<boolean>`data->>'entitlementId' = ${entitlementId}`)
    .executeTakeFirstOrThrow();
  return getCaseWithHistory(app.db, community, row.id, (code) => app.caseTypes.get(code)!);
};

describe('re-verification by class schedule', () => {
  it('opens one case per entitlement falling due, owned by its township, and none twice', async () => {
    const first = await scanReverifications(app);
    expect(first).toMatchObject({ opened: 2, withoutDepartment: 0, until: '2026-12-02' });
    expect(await scanReverifications(app)).toMatchObject({ opened: 0 });
    const cases = await app.db
      .selectFrom('cases as c')
      .innerJoin('departments as d', 'd.id', 'c.owning_department_id')
      .innerJoin('case_actions as a', 'a.case_id', 'c.id')
      .select(['c.number', 'c.status', 'd.kind', 'a.actor_name', 'a.actor_id'])
      .where('c.type_code', '=', 'allowance_reverification')
      .orderBy('c.number')
      .execute();
    expect(cases.map((c) => [c.number, c.status, c.kind, c.actor_id])).toEqual([
      ['HC-2026-000001', 'due', 'township_office', null],
      ['HC-2026-000002', 'due', 'township_office', null],
    ]);
    expect(cases[0]!.actor_name).toContain('定期核查');
  });

  it('adjusts the amount under a new investigation, decided by someone else, and sets the next date by class', async () => {
    let c = (await caseOf(ids[0]!)).case;
    const h = await app.db
      .selectFrom('households')
      .select('id')
      .where('id', '=', c.subject.id)
      .executeTakeFirstOrThrow();
    const members = (
      await app.db
        .selectFrom('household_members')
        .select('person_id')
        .where('household_id', '=', h.id)
        .orderBy('person_id')
        .execute()
    ).map((m) => m.person_id);
    c = await act(community, c, 'investigate', { investigation: investigationFor(members, 80_000) }, undefined, [
      photo,
    ]);
    await expect(
      act(community, c, 'decide', { outcome: 'adjust', classCode: 'B' }, '收入有所增加'),
    ).rejects.toMatchObject({ status: 403 });
    c = await act(township, c, 'decide', { outcome: 'adjust', classCode: 'B' }, '务工收入增加，调整保障金额');
    expect(c.status).toBe('decided');
    const e = await app.assistance.entitlements.get(township, ids[0]!);
    const expected = Math.round((78_000 * members.length - 80_000) / 100) * 100;
    expect(e).toMatchObject({ amount_fen: expected, class_code: 'B', next_reverification: '2027-05-02' });
    expect(e.changes.at(-1)).toMatchObject({
      kind: expected > 90_000 ? 'increase' : 'decrease',
      amount_before_fen: 90_000,
      amount_after_fen: expected,
      document_id: expect.any(String),
    });
  });

  it('will not continue an ineligible household: it is ended, with its notice', async () => {
    let c = (await caseOf(ids[1]!)).case;
    const members = (
      await app.db
        .selectFrom('household_members')
        .select('person_id')
        .where('household_id', '=', c.subject.id)
        .orderBy('person_id')
        .execute()
    ).map((m) => m.person_id);
    c = await act(community, c, 'investigate', { investigation: investigationFor(members, 800_000) }, undefined, [
      photo,
    ]);
    await expect(act(township, c, 'decide', { outcome: 'continue', classCode: 'A' }, '继续')).rejects.toMatchObject({
      status: 409,
      code: 'not_eligible',
    });
    await act(township, c, 'decide', { outcome: 'terminate', classCode: 'A' }, '家庭收入已超过保障标准');
    const e = await app.assistance.entitlements.get(township, ids[1]!);
    expect(e).toMatchObject({ status: 'terminated', last_month: '2026-11-01' });
    expect(e.changes.at(-1)).toMatchObject({ kind: 'terminate', effective_month: '2026-12-01' });
  });
});
