import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, personIn, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../auth/actor.ts';
import type { CaseHookContext } from './case-type.ts';
import type { DerivedCase } from './derive.ts';

// A case type made for this file: the resident's action has an after-action hook and a document,
// which the portal's path used to skip (it was a copy of the staff path without those steps).
let app: App;
let clerk: Actor;
const afterActions: Array<CaseHookContext & { derived: DerivedCase }> = [];

beforeAll(async () => {
  app = await testApp();
  clerk = await actorNamed(app, 'clerk');
  app.caseTypes.register(
    {
      code: 'pipeline_probe',
      numberPrefix: 'PP',
      name: '流程探针',
      nameEn: 'Pipeline probe',
      initialState: 'waiting',
      states: { waiting: { label: '待确认' }, confirmed: { label: '已确认' }, done: { label: '已办结', final: true } },
      openRoles: ['window_clerk'],
      actions: [
        {
          code: 'confirm',
          label: '群众确认',
          from: ['waiting'],
          to: 'confirmed',
          roles: ['window_clerk', 'resident'],
          fields: [{ name: 'answer', label: '答复', type: 'string', required: true }],
          documents: ['confirmation'],
        },
        { code: 'expire', label: '逾期未确认', from: ['waiting'], to: 'done', roles: ['system'] },
        { code: 'close', label: '办结', from: ['confirmed'], to: 'done', roles: ['window_clerk'] },
      ],
    },
    {
      async afterAction(_tx, ctx) {
        afterActions.push(ctx);
      },
      documents: {
        confirmation: {
          prefix: 'QR',
          build: (ctx, number) => ({
            title: '确认回执',
            number,
            issuer: ctx.department.name,
            issuedOn: ctx.issuedOn,
            body: [`${ctx.subjectName}：${String(ctx.fields.answer)}`],
          }),
        },
      },
    },
  );
});
afterAll(() => app?.close());

async function newProbe() {
  const subject = await personIn(app, clerk.divisionCode.slice(0, 9));
  return (
    await app.cases.open(clerk, {
      typeCode: 'pipeline_probe',
      title: '探针',
      subject: { type: 'person', id: subject.id },
      fields: {},
    })
  ).case;
}

describe('one append pipeline for staff, residents and jobs', () => {
  it('runs the after-action hook and issues the documents when a resident acts on the portal', async () => {
    const c = await newProbe();
    const r = await app.cases.actForResident(c.id, 'confirm', { answer: '同意' }, null, '王女士');
    expect(r).toEqual({ number: c.number, status: 'confirmed', version: 2 });

    const hook = afterActions.find((a) => a.caseRow.id === c.id);
    expect(hook).toMatchObject({
      action: 'confirm',
      fields: { answer: '同意' },
      actor: { displayName: '王女士', departmentId: c.owningDepartmentId, grants: [] },
      derived: { status: 'confirmed', version: 2 },
    });
    const docs = await app.db
      .selectFrom('documents')
      .select(['kind', 'number', 'issuer_department_id', 'content'])
      .where('case_id', '=', c.id)
      .execute();
    expect(docs).toEqual([
      expect.objectContaining({ kind: 'confirmation', issuer_department_id: c.owningDepartmentId }),
    ]);
    expect(docs[0]!.number).toMatch(/^QR-\d{4}-\d+$/);
    const logged = await app.db
      .selectFrom('case_actions')
      .select(['actor_id', 'actor_name', 'actor_role', 'actor_department_id'])
      .where('case_id', '=', c.id)
      .where('seq', '=', 2)
      .executeTakeFirstOrThrow();
    expect(logged).toEqual({ actor_id: null, actor_name: '王女士', actor_role: 'resident', actor_department_id: null });
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['actor_id', 'actor_name', 'details'])
      .where('target_id', '=', c.id)
      .where('action', '=', 'case.act')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: null, actor_name: 'resident', details: { documents: [docs[0]!.number] } });
  });

  it('refuses a resident the staff-only and engine actions (403), and the wrong moment with her allowed actions (409)', async () => {
    const c = await newProbe();
    const asResident = (action: string) =>
      app.cases.actAs({ kind: 'resident', name: '王女士' }, c.id, action, { fields: {}, attachments: [] });
    await expect(asResident('expire')).rejects.toMatchObject({ status: 403 });
    await expect(asResident('transfer')).rejects.toMatchObject({ status: 403 });
    const staff = await app.cases.act(clerk, c.id, 'confirm', {
      expectedVersion: 1,
      fields: { answer: '电话确认' },
      attachments: [],
    });
    expect(staff.documents).toHaveLength(1);
    await expect(asResident('confirm')).rejects.toMatchObject({
      status: 409,
      code: 'action_not_allowed',
      extra: { allowedActions: [] },
    });
    const closed = await app.cases.act(clerk, c.id, 'close', {
      expectedVersion: staff.case.version,
      fields: {},
      attachments: [],
    });
    expect(closed.case.isOpen).toBe(false);
    await expect(asResident('confirm')).rejects.toMatchObject({ status: 409, code: 'case_closed' });
  });

  it('lets a job take the actions that name the system, with no member of staff in the log', async () => {
    const c = await newProbe();
    await expect(
      app.cases.act(clerk, c.id, 'expire', { expectedVersion: 1, fields: {}, attachments: [] }),
    ).rejects.toMatchObject({ status: 403 });
    const r = await app.cases.actAs({ kind: 'system', name: '系统（逾期检查）' }, c.id, 'expire', {
      fields: {},
      attachments: [],
    });
    expect(r.case).toMatchObject({ status: 'done', isOpen: false, allowedActions: [] });
    const logged = await app.db
      .selectFrom('case_actions')
      .select(['actor_id', 'actor_name', 'actor_role'])
      .where('case_id', '=', c.id)
      .where('seq', '=', 2)
      .executeTakeFirstOrThrow();
    expect(logged).toEqual({ actor_id: null, actor_name: '系统（逾期检查）', actor_role: 'system' });
  });
});
