import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Session } from '../../../test/api-client.ts';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';

/**
 * The disputes and joint-meeting routes through their contracts, over HTTP: every reply passes the check
 * (under test) that its schema drops no key, the PDFs leave as PDFs under their numbers, a body the
 * contract refuses is a 400 naming the field, and a stranger is refused before the body is read.
 */
let app: App;
let api: ApiClient;
let worker: Session;
let village = '';

beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
  worker = await api.login('community');
  village = (await actorNamed(app, 'community')).divisionCode;
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

const dispute = {
  title: '楼上漏水纠纷',
  categoryCode: 'property.services',
  parties: [
    { kind: 'person', name: '孙某', role: '楼下住户' },
    { kind: 'person', name: '周某', role: '楼上住户' },
  ],
  facts: '楼上卫生间漏水，楼下天花板受损',
};
const attempt = {
  kind: 'peoplesMediation',
  level: 'community',
  organ: '龙门社区人民调解委员会',
  mediator: '张调解员',
  onDate: '2026-10-12',
  attendees: ['孙某', '周某'],
};

describe('disputes over their contract', () => {
  it('refuses a stranger before reading the body (403), and a body the contract refuses names its field (400)', async () => {
    const clerk = await api.login('clerk');
    expect((await api.call(clerk, 'POST', '/api/v1/disputes', {})).statusCode).toBe(403);
    expect((await api.call(clerk, 'POST', '/api/v1/meetings', {})).statusCode).toBe(403);
    const one = await api.call(worker, 'POST', '/api/v1/disputes', {
      ...dispute,
      divisionCode: village,
      parties: dispute.parties.slice(0, 1),
    });
    expect(one.statusCode).toBe(400);
    expect(one.json()).toMatchObject({ code: 'validation_failed', field: 'body.parties' });
  });

  it('records a dispute and an agreement, lists, finds it again, prints the agreement and follows it up', async () => {
    const recorded = await api.call(worker, 'POST', '/api/v1/disputes', { ...dispute, divisionCode: village });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const { id, number } = recorded.json() as { id: string; number: string };
    expect(number).toMatch(/^JF/);

    const noLevel = await api.call(worker, 'POST', `/api/v1/disputes/${id}/attempts`, {
      ...attempt,
      level: undefined,
      result: 'notAgreed',
    });
    expect(noLevel.json()).toMatchObject({ code: 'validation_failed', field: 'body.level' });
    const failed = await api.call(worker, 'POST', `/api/v1/disputes/${id}/attempts`, {
      ...attempt,
      result: 'notAgreed',
    });
    expect(failed.statusCode, failed.body).toBe(201);
    expect(failed.json()).toEqual({
      id: expect.any(String),
      documentId: null,
      confirmationDue: null,
      failedAttempts: 1,
      flagged: null,
    });
    const agreed = await api.call(worker, 'POST', `/api/v1/disputes/${id}/attempts`, {
      ...attempt,
      onDate: '2026-10-20',
      result: 'agreed',
      agreement: '周某于10月31日前修复防水',
    });
    expect(agreed.statusCode, agreed.body).toBe(201);
    const attemptId = (agreed.json() as { id: string }).id;
    expect(agreed.json()).toMatchObject({ confirmationDue: '2026-11-19', documentId: expect.any(String) });

    const list = await api.call(worker, 'GET', '/api/v1/disputes');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toContainEqual(
      expect.objectContaining({ id, number, status: 'settled', flagged: null, attempts: 2 }),
    );
    const open = await api.call(worker, 'GET', '/api/v1/disputes?status=open');
    expect((open.json() as Array<{ id: string }>).map((d) => d.id)).not.toContain(id);
    const similar = await api.call(
      worker,
      'GET',
      `/api/v1/disputes/similar?divisionCode=${village}&categoryCode=property.services&party=${encodeURIComponent('周某')}&party=x`,
    );
    expect(similar.statusCode, similar.body).toBe(200);
    expect(similar.json()).toContainEqual({
      id,
      number,
      title: dispute.title,
      status: 'settled',
      createdAt: expect.any(String),
    });

    const history = await api.call(worker, 'GET', `/api/v1/disputes/${id}`);
    expect(history.statusCode, history.body).toBe(200);
    expect(history.json()).toMatchObject({
      id,
      number,
      division_code: village,
      category_code: 'property.services',
      parties: dispute.parties,
      previous_dispute_id: null,
      failedAttempts: 1,
      attempts: [
        { kindLabel: '人民调解', result: 'notAgreed', disputeNumber: number },
        { id: attemptId, result: 'agreed', performance: 'pending', confirmationDue: '2026-11-19' },
      ],
    });

    const pdf = await api.call(worker, 'GET', `/api/v1/disputes/attempts/${attemptId}/agreement.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^inline; filename="TJ.*\.pdf"$/);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const pending = await api.call(worker, 'GET', '/api/v1/disputes/follow-ups?withinDays=3650');
    expect(pending.statusCode, pending.body).toBe(200);
    expect(pending.json()).toContainEqual({
      id: attemptId,
      number,
      title: dispute.title,
      onDate: '2026-10-20',
      confirmationDue: '2026-11-19',
      performance: 'pending',
    });
    const done = await api.call(worker, 'POST', `/api/v1/disputes/attempts/${attemptId}/follow-up`, {
      performance: 'performed',
      note: '已修复',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ id: attemptId, performance: 'performed' });
  });
});

describe('joint meetings over their contract', () => {
  it('proposes the agenda, records a meeting with its minutes, lists it, and tracks its action item to done', async () => {
    const agenda = await api.call(worker, 'GET', `/api/v1/meetings/agenda?divisionCode=${village}`);
    expect(agenda.statusCode, agenda.body).toBe(200);
    const items = agenda.json() as Array<{ title: string; caseId?: string; disputeId?: string }>;
    const recorded = await api.call(worker, 'POST', '/api/v1/meetings', {
      divisionCode: village,
      kind: 'quarterly',
      heldOn: '2026-10-15',
      attendees: {
        partyBranch: '社区党支部 王书记',
        residentsCommittee: '居委会 陈主任',
        ownersCommittee: '业委会 李主任',
        propertyCompany: '龙门物业 赵经理',
      },
      agenda: items.length ? items : [{ title: '小区停车' }],
      minutes: '四方议定：物业公司公示停车费收支',
      actions: [{ text: '公示停车费收支', owner: '物业公司', due: '2020-01-10' }],
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const { id, documentNumber } = recorded.json() as { id: string; documentId: string; documentNumber: string };

    const held = await api.call(worker, 'GET', '/api/v1/meetings');
    expect(held.statusCode, held.body).toBe(200);
    const meeting = (held.json() as Array<{ id: string; actions: Array<{ id: string }> }>).find((m) => m.id === id);
    expect(meeting).toMatchObject({
      kind: 'quarterly',
      heldOn: '2026-10-15',
      documentId: expect.any(String),
      actions: [{ text: '公示停车费收支', owner: '物业公司', due: '2020-01-10', doneAt: null, doneNote: null }],
    });

    const minutes = await api.call(worker, 'GET', `/api/v1/meetings/${id}/minutes.pdf`);
    expect(minutes.statusCode).toBe(200);
    expect(minutes.headers['content-type']).toBe('application/pdf');
    expect(minutes.headers['content-disposition']).toBe(`inline; filename="${documentNumber}.pdf"`);

    const owed = await api.call(worker, 'GET', '/api/v1/meetings/owed');
    expect(owed.statusCode, owed.body).toBe(200);
    const actionId = meeting!.actions[0]!.id;
    expect(owed.json()).toMatchObject({
      quarterStart: expect.stringMatching(/^\d{4}-\d{2}-01$/),
      overdueActions: expect.arrayContaining([expect.objectContaining({ id: actionId, due: '2020-01-10' })]),
    });
    const done = await api.call(worker, 'POST', `/api/v1/meetings/actions/${actionId}/done`, { note: '已公示' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ id: actionId });
    const again = await api.call(worker, 'GET', '/api/v1/meetings');
    expect(
      (again.json() as Array<{ id: string; actions: Array<{ doneAt: string | null }> }>).find((m) => m.id === id)!
        .actions[0]!.doneAt,
    ).toEqual(expect.any(String));
  });
});
