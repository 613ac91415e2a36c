import { EvaluateRequest } from '@grassroots/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, movableClock, personIn, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { centreFixture } from '../service-centre/centre.testkit.ts';
import { evaluationResults } from './evaluation.results.ts';
import { caseForResident } from '../portal/index.ts';
import type { EvaluationService } from './evaluation.service.ts';

let app: App;
let clerk: Actor;
let head: Actor;
let evaluations: EvaluationService;
let personId = '';
const day = movableClock('2026-10-12');

beforeAll(async () => {
  app = await testApp({ clock: day.clock });
  await centreFixture(app, await actorNamed(app, 'sysadmin'));
  clerk = await actorNamed(app, 'clerk');
  // the centre's own head: the work order of a bad review goes to the department that served
  head = await actorNamed(app, 'centrehead');
  const person = await personIn(app, clerk.divisionCode.slice(0, 9));
  personId = person.id;
  evaluations = app.evaluation;
});
afterAll(async () => {
  await app?.close();
});

/** A service finished at the window: served on the spot. */
async function finishedService() {
  const r = await app.centre.intake.intake(clerk, { personId, itemCode: 'CT-0002' });
  return r.case!;
}

/** The portal: the resident names her case by number and query code. */
const online = (c: { number: string; queryCode: string }, review: Record<string, unknown>) =>
  evaluations.evaluate(
    EvaluateRequest.parse({ number: c.number, queryCode: c.queryCode, ...review }),
    'online',
    (input) => caseForResident(app, input, { ip: '198.51.100.7' }),
    { actorId: null, actorName: 'resident', ip: '198.51.100.7' },
  );
/** The pad at the window, in the clerk's session. */
const onSite = (c: { number: string }, review: Record<string, unknown>) =>
  evaluations.evaluate(
    EvaluateRequest.parse({ number: c.number, ...review }),
    'onSite',
    (input) => evaluations.caseAtWindow(clerk, input.number),
    { actorId: clerk.id, actorName: clerk.username, ip: null },
  );

describe('instant evaluation (好差评)', () => {
  it('rates a finished service once, whatever the channel, never an open one, and the row cannot be edited', async () => {
    const open = await app.centre.intake.intake(clerk, {
      personId,
      itemCode: 'CT-0001',
      provided: ['居民身份证', '户口簿'],
    });
    await expect(online(open.case!, { level: 5 })).rejects.toMatchObject({ status: 409, code: 'not_finished' });
    const c = await finishedService();
    await expect(
      online({ number: c.number, queryCode: c.queryCode === '22222222' ? '33333333' : '22222222' }, { level: 5 }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(onSite(c, { level: 5, subScores: { guideAccuracy: 4 } })).rejects.toMatchObject({
      status: 400,
      field: 'subScores.guideAccuracy',
    });
    // the pad of another township's centre does not reach this case
    const clerk2 = await actorNamed(app, 'clerk2');
    await expect(evaluations.caseAtWindow(clerk2, c.number)).rejects.toMatchObject({ status: 404 });
    const given = await onSite(c, { level: 5, subScores: { attitude: 4 } });
    expect(given).toMatchObject({ label: '非常满意', rectificationCase: null });
    await expect(onSite(c, { level: 1, comment: '改评' })).rejects.toMatchObject({
      status: 409,
      code: 'already_evaluated',
    });
    // one review per case: rated at the window, it cannot be rated again online
    await expect(online(c, { level: 1, comment: '再评一次' })).rejects.toMatchObject({
      status: 409,
      code: 'already_evaluated',
    });
    const row = await app.db
      .selectFrom('evaluations')
      .select(['sub_scores', 'staff_id', 'department_id'])
      .where('id', '=', given.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      sub_scores: { efficiency: 5, competence: 5, attitude: 4 },
      staff_id: clerk.id,
      department_id: clerk.departmentId,
    });
    await expect(sql`UPDATE evaluations SET level = 1 WHERE id = ${given.id}`.execute(app.db)).rejects.toThrow(
      /cannot be edited/,
    );
    await expect(sql`DELETE FROM evaluations WHERE id = ${given.id}`.execute(app.db)).rejects.toThrow(
      /cannot be edited/,
    );
    expect(await evaluations.status(await evaluations.caseAtWindow(clerk, c.number))).toMatchObject({
      rated: true,
      given: [{ channel: 'onSite', level: 5, label: '非常满意' }],
    });
  });

  it('opens a rectification work order for a bad review, due in 15 working days, and tells the head', async () => {
    const c = await finishedService();
    await expect(online(c, { level: 2 })).rejects.toMatchObject({ status: 400, field: 'comment' });
    const bad = await online(c, { level: 2, comment: '等候时间太长' });
    expect(bad.rectificationCase).toMatch(/^ZG-2026-/);
    const order = await app.db
      .selectFrom('cases')
      .selectAll()
      .where('number', '=', bad.rectificationCase!)
      .executeTakeFirstOrThrow();
    // from Monday 10-12, 15 working days: 11-02
    expect([order.owning_department_id, order.status, order.due_date]).toEqual([
      clerk.departmentId,
      'open',
      '2026-11-02',
    ]);
    const notes = await app.db
      .selectFrom('notifications')
      .select(['user_id', 'kind'])
      .where('case_id', '=', order.id)
      .execute();
    expect(notes).toEqual([{ user_id: head.id, kind: 'bad_review' }]);

    // verify → rectify → callback → close; a close without a callback, or after a dissatisfied one, is refused
    const act = async (v: number, action: string, fields: Record<string, unknown>, opinion?: string, who = head) =>
      (
        await app.cases.act(who, order.id, action, {
          expectedVersion: v,
          fields,
          attachments: [],
          ...(opinion ? { opinion } : {}),
        })
      ).case;
    let k = await act(1, 'verify', { finding: 'founded' }, '高峰时段窗口不足');
    k = await act(k.version, 'rectify', { measures: '高峰时段增开一个综合窗口' });
    await expect(act(k.version, 'close', {})).rejects.toMatchObject({ status: 409, code: 'callback_required' });
    k = await act(k.version, 'callback', { satisfied: 'dissatisfied' }, '群众仍不满意');
    await expect(act(k.version, 'close', {})).rejects.toMatchObject({ status: 409, code: 'callback_dissatisfied' });
    await expect(act(k.version, 'close', {}, undefined, clerk)).rejects.toMatchObject({ status: 403 });
    k = await act(k.version, 'rectify', { measures: '实行预约优先' });
    k = await act(k.version, 'callback', { satisfied: 'satisfied' }, '群众表示满意');
    k = await act(k.version, 'close', {});
    expect([k.status, k.isOpen]).toEqual(['closed', false]);
    await expect(
      online({ number: order.number, queryCode: order.query_code }, { level: 1, comment: '整改也不满意' }),
    ).rejects.toMatchObject({ status: 409, code: 'not_evaluable' });
  });

  it('lets staff appeal an unfair review; an upheld appeal leaves the figures, decided by someone else', async () => {
    const c = await finishedService();
    const bad = await online(c, { level: 1, comment: '与本次办事无关的抱怨' });
    const before = await evaluationResults(app.db, evaluations.policy, {
      by: 'department',
      from: '2026-10-01',
      to: '2026-10-31',
      now: app.clock(),
    });
    const list = await evaluations.list(clerk, { level: 1 });
    const e = list.find((x) => x.rectificationNumber === bad.rectificationCase)!;
    const appeal = await evaluations.appeal(clerk, e.id, '评价内容与本次服务无关');
    await expect(evaluations.appeal(clerk, e.id, '再次申诉')).rejects.toMatchObject({ status: 409 });
    await expect(evaluations.decideAppeal(clerk, appeal.id, 'upheld', '')).rejects.toMatchObject({ status: 403 });
    const supervisor = await actorNamed(app, 'supervisor');
    expect((await evaluations.pendingAppeals(supervisor)).map((a) => a.id)).toContain(appeal.id);
    await evaluations.decideAppeal(supervisor, appeal.id, 'upheld', '经核实为恶意差评');
    const after = await evaluationResults(app.db, evaluations.policy, {
      by: 'department',
      from: '2026-10-01',
      to: '2026-10-31',
      now: app.clock(),
    });
    const centre = (rows: typeof before) => rows.find((r) => r.key === clerk.departmentId)!;
    expect(centre(after).total).toBe(centre(before).total - 1);
    expect(centre(after).levels[1]).toBe(centre(before).levels[1] - 1);
    expect(centre(after).excluded).toBe(centre(before).excluded + 1);
  });

  it('counts an unrated service as 满意 once the rating window has passed, or not at all, as configured', async () => {
    const c = await finishedService();
    const count = async (policy = evaluations.policy) =>
      (
        await evaluationResults(app.db, policy, { by: 'item', from: '2026-10-01', to: '2026-10-31', now: app.clock() })
      ).find((r) => r.key === 'CT-0002')!;
    const now = await count();
    day.set('2026-10-20');
    const later = await count();
    expect(later.unratedCounted).toBeGreaterThan(now.unratedCounted);
    expect(later.levels[4]).toBe(now.levels[4] + (later.unratedCounted - now.unratedCounted));
    expect((await count({ unratedAs: 'excluded', unratedAfterDays: 7 })).unratedCounted).toBe(0);
    // rated services are not counted twice
    await online(c, { level: 5 });
    expect((await count()).unratedCounted).toBe(later.unratedCounted - 1);
    day.set('2026-10-12');
  });

  it('publishes results by window and staff member, with the satisfaction and rectification rates', async () => {
    const byStaff = await evaluationResults(app.db, evaluations.policy, {
      by: 'staff',
      from: '2026-10-01',
      to: '2026-10-31',
      now: app.clock(),
    });
    const mine = byStaff.find((r) => r.key === clerk.id)!;
    expect(mine.label).toBe(clerk.displayName);
    expect(mine.satisfactionRate).toBe(Math.round((mine.satisfied / mine.total) * 1000) / 10);
    expect(mine.rectified).toBeLessThanOrEqual(mine.bad);
    // a township clerk of another centre reads none of this centre's figures
    const clerk2 = await actorNamed(app, 'clerk2');
    const theirs = await evaluationResults(app.db, evaluations.policy, {
      by: 'department',
      from: '2026-10-01',
      to: '2026-10-31',
      now: app.clock(),
      scope: { all: false, departmentIds: [clerk2.departmentId], divisionPaths: [] },
    });
    expect(theirs.some((r) => r.key === clerk.departmentId)).toBe(false);
  });
});

describe('monthly scorecards', () => {
  it('count what each member of staff handled and closed on time, the reviews, and the bad ones rectified', async () => {
    const { staffScorecards, windowScorecards } = await import('./scorecards.ts');
    const all = { all: true, departmentIds: [], divisionPaths: [] };
    const rows = await staffScorecards(app.db, all, '2026-10');
    const mine = rows.find((r) => r.staffId === clerk.id)!;
    const reviews = await app.db
      .selectFrom('evaluations as e')
      .leftJoin('evaluation_appeals as a', 'a.evaluation_id', 'e.id')
      .select(['e.level', 'a.decision'])
      .where('e.staff_id', '=', clerk.id)
      .execute();
    const counted = reviews.filter((r) => r.decision !== 'upheld');
    expect(mine.reviews).toBe(counted.length);
    expect(mine.bad).toBe(counted.filter((r) => r.level <= 2).length);
    expect(mine.closed).toBeGreaterThan(0);
    expect(mine.onTimeRate).toBe(Math.round((mine.onTime / mine.closed) * 1000) / 10);
    // the head closed the rectification order: it counts as hers, rectified on the clerk's card
    expect(rows.find((r) => r.staffId === head.id)!.closed).toBeGreaterThanOrEqual(1);
    expect(mine.rectified).toBeGreaterThanOrEqual(1);
    expect(await staffScorecards(app.db, all, '2026-09')).toEqual([]);
    await expect(staffScorecards(app.db, all, '2026-13')).rejects.toMatchObject({ field: 'month' });
    const windows = await windowScorecards(
      app.db,
      { all: false, departmentIds: [clerk.departmentId], divisionPaths: [] },
      '2026-10',
    );
    expect(windows.length).toBeGreaterThan(0);
    expect(windows.every((w) => w.department === '城关街道便民服务中心')).toBe(true);
  });
});
