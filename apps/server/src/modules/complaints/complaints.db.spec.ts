import { RegisterMatter } from '@grassroots/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, movableClock, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { CategoriesService } from './complaint-categories.service.ts';
import { ComplaintsService } from './complaints.service.ts';
import { CoordinationService } from './coordination.service.ts';

let app: App;
let operator: Actor;
let reviewer: Actor;
let complaints: ComplaintsService;
let village = '';
let civil = '';
let housing = '';
const day = movableClock('2026-11-16');

beforeAll(async () => {
  app = await testApp({ clock: day.clock });
  complaints = new ComplaintsService(app.db, app.cases, app.cipher, app.caseTypes);
  operator = await actorNamed(app, 'operator');
  reviewer = await actorNamed(app, 'reviewer');
  village = (
    await app.db
      .selectFrom('divisions')
      .select('code')
      .where('level', '=', 5)
      .where('code', 'like', '140882001%')
      .orderBy('code')
      .executeTakeFirstOrThrow()
  ).code;
  civil = (
    await app.db.selectFrom('departments').select('id').where('code', '=', '140882-MZJ').executeTakeFirstOrThrow()
  ).id;
  housing = (
    await app.db.selectFrom('departments').select('id').where('code', '=', '140882-ZJJ').executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await app?.close();
});

/** a matter as the operator gives it; `heating` is it parsed by the contract, as the route hands it to the service */
const heatingAsGiven = (over: Record<string, unknown> = {}) => ({
  channel: 'hotline',
  categoryCode: 'property.utilities.heating',
  divisionCode: village,
  address: '龙门小区3号楼2单元',
  description: '暖气不热，室温只有12度，物业说是热力公司的问题',
  complainant: { name: '刘女士', phone: '13912345678' },
  parties: [{ kind: 'organisation', name: '龙门物业服务有限公司', role: '物业公司' }],
  ...over,
});
const heating = (over: Record<string, unknown> = {}) => RegisterMatter.parse(heatingAsGiven(over));
const act = async (
  who: Actor,
  id: string,
  action: string,
  v: number,
  fields: Record<string, unknown> = {},
  opinion?: string,
) =>
  (
    await app.cases.act(who, id, action, {
      expectedVersion: v,
      fields,
      attachments: [],
      ...(opinion ? { opinion } : {}),
    })
  ).case;

describe('a complaint work order (12345)', () => {
  it('is registered from the hotline, with the same complainant and place suggested as duplicates', async () => {
    await expect(complaints.register(reviewer, heating())).rejects.toMatchObject({ status: 403 });
    // the contract refuses a matter said in fewer than five characters (over HTTP: 400 naming body.description)
    expect(RegisterMatter.safeParse(heatingAsGiven({ description: '冷' })).error?.issues[0]?.path).toEqual([
      'description',
    ]);
    await expect(complaints.register(operator, heating({ categoryCode: 'nope' }))).rejects.toMatchObject({
      status: 400,
      field: 'categoryCode',
    });
    const first = await complaints.register(operator, heating());
    expect(first.case).toMatchObject({ status: 'received', subject: { type: 'complaint', name: '刘女士' } });
    expect(first.duplicates).toEqual([]);
    const again = await complaints.register(
      operator,
      heating({ complainant: { name: '刘女士', phone: '13912345678' }, address: '龙门小区3号楼' }),
    );
    expect(again.duplicates).toEqual([
      expect.objectContaining({ number: first.case.number, reasons: ['sameComplainant', 'samePlace'] }),
    ]);
    // the same caller is not told to an operator of another township: the reach is part of the query
    await app.users.create({
      username: 'zf2_intake',
      displayName: '另一乡镇受理员',
      departmentCode: '140882-ZF2',
      password: 'Test@2026pass!',
      roles: [{ role: 'complaint_operator', scope: 'subtree' }],
    });
    const elsewhere = await actorNamed(app, 'zf2_intake');
    expect(await complaints.duplicates(elsewhere, { phone: '13912345678' })).toEqual([]);
    expect(await complaints.duplicates(operator, { phone: '13912345678' })).toHaveLength(2);
    const row = await app.db
      .selectFrom('complaints')
      .select(['complainant_phone_masked', 'complainant_phone_enc'])
      .where('case_id', '=', first.case.id)
      .executeTakeFirstOrThrow();
    expect(row.complainant_phone_masked).toBe('139****5678');
    expect(row.complainant_phone_enc!.toString('utf8')).not.toContain('13912345678');
  });

  it('is dispatched to a lead and assisting departments, sent back in time with a reason, and dispatched again', async () => {
    const { case: c } = await complaints.register(
      operator,
      heating({ complainant: { name: '王先生', phone: '13700001111' }, address: '东街8号' }),
    );
    expect(await new CategoriesService(app.db).suggestRoute('property.utilities.heating')).toMatchObject({
      leadDepartmentId: housing,
    });
    // wrongly to 民政局 first
    let k = (
      await complaints.dispatch(operator, c.id, {
        expectedVersion: c.version,
        leadDepartmentId: civil,
        assistingDepartmentIds: [housing],
      })
    ).case;
    expect([k.status, k.owningDepartmentId, k.assistingDepartmentIds]).toEqual(['dispatched', civil, [housing]]);
    expect(k.clocks.find((x) => x.code === 'sign')!.dueDate).toBe('2026-11-17');
    await expect(complaints.sendBack(reviewer, c.id, { expectedVersion: k.version, reason: '' })).rejects.toMatchObject(
      { status: 400, field: 'opinion' },
    );
    k = (
      await complaints.sendBack(reviewer, c.id, {
        expectedVersion: k.version,
        reason: '供暖不属于民政职责，应由住建部门主办',
      })
    ).case;
    expect([k.status, k.owningDepartmentId]).toEqual(['received', operator.departmentId]);
    day.set('2026-11-18');
    k = (await complaints.dispatch(operator, c.id, { expectedVersion: k.version, leadDepartmentId: housing })).case;
    // a new round: the sign clock runs again from the second dispatch
    expect(k.clocks.find((x) => x.code === 'sign')!.dueDate).toBe('2026-11-19');
    day.set('2026-11-20');
    const housingHead = await app.users
      .create({
        username: 'zjj_head',
        displayName: '住建局科长',
        departmentCode: '140882-ZJJ',
        password: 'Test@2026pass!',
        roles: [{ role: 'department_head', scope: 'department' }],
      })
      .then(() => actorNamed(app, 'zjj_head'));
    await expect(
      complaints.sendBack(housingHead, c.id, { expectedVersion: k.version, reason: '不归我们' }),
    ).rejects.toMatchObject({ status: 409, code: 'send_back_too_late' });
    day.set('2026-11-16');
  });

  it('cannot close without a reply and a result; a dissatisfied callback reopens it once', async () => {
    const { case: c } = await complaints.register(
      operator,
      heating({ complainant: { name: '赵先生', phone: '13700002222' }, address: '西街1号' }),
    );
    let k = (await complaints.dispatch(operator, c.id, { expectedVersion: c.version, leadDepartmentId: civil })).case;
    k = await act(reviewer, c.id, 'signFor', k.version);
    expect(k.clocks.find((x) => x.code === 'handle')!.state).toBe('running');
    await expect(act(operator, c.id, 'close', k.version)).rejects.toMatchObject({
      status: 409,
      code: 'action_not_allowed',
    });
    await expect(act(reviewer, c.id, 'reply', k.version, { reply: '已联系热力公司' })).rejects.toMatchObject({
      status: 400,
      field: 'fields.result',
    });
    k = await act(reviewer, c.id, 'reply', k.version, { reply: '已联系热力公司检修管网', result: 'resolved' });
    await expect(act(operator, c.id, 'reopen', k.version, {}, '不满意')).rejects.toMatchObject({ status: 409 });
    k = await act(operator, c.id, 'callback', k.version, { satisfaction: 'dissatisfied' }, '群众表示暖气仍不热');
    k = await act(operator, c.id, 'reopen', k.version, {}, '回访不满意，重新办理');
    expect([k.status, k.flags.includes('replied')]).toEqual(['signed', false]);
    k = await act(reviewer, c.id, 'reply', k.version, { reply: '已更换阀门，室温22度', result: 'resolved' });
    k = await act(operator, c.id, 'callback', k.version, { satisfaction: 'dissatisfied' }, '仍不满意');
    await expect(act(operator, c.id, 'reopen', k.version, {}, '再次重办')).rejects.toMatchObject({
      status: 409,
      code: 'reopened_once',
    });
    k = await act(operator, c.id, 'close', k.version, {}, '已两次办理，如实记录不满意');
    expect(k.status).toBe('closed');
    const figures = await new CoordinationService(app.db).figures({
      from: '2026-11-01',
      to: '2026-11-30',
      by: 'category',
    });
    expect(figures.find((f) => f.label === '供暖')).toMatchObject({ settled: 1, calledBack: 1, satisfied: 0 });
  });

  it('refuses a matter already in litigation with the route to follow', async () => {
    const { case: c } = await complaints.register(
      operator,
      heating({ complainant: { name: '孙女士' }, address: '南街2号', description: '物业费纠纷，已向法院起诉' }),
    );
    const k = await act(
      operator,
      c.id,
      'refuseOtherProcedure',
      c.version,
      { procedure: 'litigation' },
      '该事项已进入诉讼程序，请依法通过诉讼途径解决',
    );
    expect([k.status, k.isOpen]).toEqual(['refused', false]);
  });
});

describe('escalation of overdue orders', () => {
  it('reminds, then supervises, then records a criticism, each once', async () => {
    const { escalateOverdue } = await import('./escalation.ts');
    day.set('2026-11-02');
    const { case: c } = await complaints.register(
      operator,
      heating({ complainant: { name: '钱先生', phone: '13700003333' }, address: '北街9号' }),
    );
    let k = (await complaints.dispatch(operator, c.id, { expectedVersion: c.version, leadDepartmentId: civil })).case;
    k = await act(reviewer, c.id, 'signFor', k.version);
    // 15 working days from 11-02: due 11-23
    expect(k.dueDate).toBe('2026-11-23');
    const calendar = await app.calendar.get();
    const { scanDeadlines } = await import('../../core/cases/deadline-scan.ts');
    const levels = async () =>
      (
        await app.db
          .selectFrom('complaint_escalations')
          .select('level')
          .where('case_id', '=', c.id)
          .orderBy('level')
          .execute()
      ).map((r) => r.level);
    await scanDeadlines(app.db, '2026-11-24');
    await escalateOverdue(app.db, app.notifications, calendar, '2026-11-24');
    expect(await levels()).toEqual([1]);
    await escalateOverdue(app.db, app.notifications, calendar, '2026-11-24');
    expect(await levels()).toEqual([1]);
    await escalateOverdue(app.db, app.notifications, calendar, '2026-11-26');
    expect(await levels()).toEqual([1, 2]);
    await escalateOverdue(app.db, app.notifications, calendar, '2026-12-07');
    expect(await levels()).toEqual([1, 2, 3]);
    const supervisor = await actorNamed(app, 'supervisor');
    const told = await app.db
      .selectFrom('notifications')
      .select(['user_id', 'kind'])
      .where('case_id', '=', c.id)
      .execute();
    expect(told.filter((n) => n.kind === 'complaint_escalation_1').some((n) => n.user_id === reviewer.id)).toBe(true);
    expect(told.some((n) => n.kind === 'complaint_escalation_2' && n.user_id === supervisor.id)).toBe(true);
    expect(told.some((n) => n.kind === 'complaint_escalation_1' && n.user_id === supervisor.id)).toBe(false);
    day.set('2026-11-16');
  });
});

describe('a petition (信访工作条例 2022, calendar days)', () => {
  it('must be decided within 15 days, handled within 60, extended once by at most 30', async () => {
    day.set('2026-01-31');
    const { case: p } = await complaints.register(
      operator,
      heating({
        kind: 'petition',
        channel: 'visit',
        categoryCode: 'social',
        description: '反映低保审批不公',
        complainant: { name: '周某' },
      }),
    );
    // 15 calendar days from 1-31 across a short February: 2-15
    expect([p.number.slice(0, 2), p.dueDate]).toEqual(['XF', '2026-02-15']);
    day.set('2026-02-13');
    let k = await act(operator, p.id, 'accept', p.version);
    // 60 calendar days from 2-13, through the Spring Festival: 4-14
    expect(k.clocks.find((x) => x.code === 'handling')!.dueDate).toBe('2026-04-14');
    await expect(act(operator, p.id, 'extend', k.version, { days: 31 }, '情况复杂')).rejects.toMatchObject({
      status: 400,
    });
    k = await act(operator, p.id, 'extend', k.version, { days: 30 }, '情况复杂，经负责人批准');
    expect(k.clocks.find((x) => x.code === 'handling')!.dueDate).toBe('2026-05-14');
    await expect(act(operator, p.id, 'extend', k.version, { days: 1 }, '再延')).rejects.toMatchObject({ status: 409 });
    day.set('2026-03-02');
    const answered = await app.cases.act(operator, p.id, 'answer', {
      expectedVersion: k.version,
      fields: { answer: '经核查，审批程序合法', reviewOrgan: '运城市民政局' },
      attachments: [],
    });
    expect([answered.case.status, answered.documents.map((d) => d.kind)]).toEqual(['answered', ['petitionAnswer']]);
    const accepted = await app.db.selectFrom('documents').select('kind').where('case_id', '=', p.id).execute();
    expect(accepted.map((d) => d.kind).sort()).toEqual(['petitionAccepted', 'petitionAnswer']);
  });

  it('may be reviewed within 30 days, then re-reviewed; after that the same facts are not accepted again', async () => {
    const p = await app.db
      .selectFrom('cases')
      .select(['id', 'subject_id'])
      .where('type_code', '=', 'petition')
      .where('status', '=', 'answered')
      .executeTakeFirstOrThrow();
    const open = (level: string, previousCaseId: string) =>
      app.cases.open(operator, {
        typeCode: 'petition_review',
        title: `信访${level}`,
        subject: { type: 'complaint', id: p.subject_id },
        fields: { level, previousCaseId },
      });
    day.set('2026-04-02');
    await expect(open('review', p.id)).rejects.toMatchObject({ status: 409, code: 'review_window_passed' });
    day.set('2026-03-31');
    await expect(open('recheck', p.id)).rejects.toMatchObject({ status: 400 });
    const review = (await open('review', p.id)).case;
    expect(review.dueDate).toBe('2026-04-30');
    await expect(open('review', p.id)).rejects.toMatchObject({ status: 409, code: 'already_requested' });
    day.set('2026-04-20');
    const decided = await app.cases.act(operator, review.id, 'decide', {
      expectedVersion: review.version,
      fields: { outcome: 'upheld', opinion: '维持', nextOrgan: '山西省民政厅' },
      attachments: [],
    });
    expect(decided.documents.map((d) => d.kind)).toEqual(['reviewOpinion']);
    const recheck = (await open('recheck', review.id)).case;
    await app.cases.act(operator, recheck.id, 'decide', {
      expectedVersion: recheck.version,
      fields: { outcome: 'upheld', opinion: '维持' },
      attachments: [],
    });
    await expect(
      complaints.register(
        operator,
        heating({
          kind: 'petition',
          channel: 'letter',
          categoryCode: 'social',
          description: '仍反映低保审批不公',
          previousCaseId: p.id,
        }),
      ),
    ).rejects.toMatchObject({ status: 409, code: 'finally_decided' });
    day.set('2026-11-16');
  });
});
