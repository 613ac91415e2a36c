import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, movableClock, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { centreFixture } from '../service-centre/centre.testkit.ts';
import type { AgencyService } from './agency.service.ts';

let app: App;
let clerk: Actor;
let agency: AgencyService;
let enterpriseId = '';
const day = movableClock('2026-10-12');

beforeAll(async () => {
  app = await testApp({ clock: day.clock });
  await centreFixture(app, await actorNamed(app, 'sysadmin'));
  clerk = await actorNamed(app, 'clerk');
  agency = app.agency;
  // the demo's enterprise, in the clerk's township
  enterpriseId = (
    await app.db
      .selectFrom('organisations')
      .select('id')
      .where('credit_code', '=', '91140882MA0K1234XY')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await app?.close();
});

describe('enterprise agency (企业代办)', () => {
  it('opens one sub-case per item with its own clock and one agent, all or nothing', async () => {
    const count = async () =>
      Number(
        (
          await app.db
            .selectFrom('agency_packages')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    await expect(
      agency.open(clerk, {
        organisationId: enterpriseId,
        projectName: '年产5万吨新材料项目',
        itemCodes: ['CT-0001', 'NO-SUCH'],
      }),
    ).rejects.toMatchObject({ status: 400, field: 'itemCodes' });
    expect(await count()).toBe(0);
    const opened = await agency.open(clerk, {
      organisationId: enterpriseId,
      projectName: '年产5万吨新材料项目',
      itemCodes: ['CT-0001', 'CT-0003', 'DEMO-0002'],
    });
    expect(opened.number).toMatch(/^DB-2026-\d{6}$/);
    expect(opened.queryCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const view = await agency.get(clerk, opened.id);
    expect(view.items.map((i) => [i.item, i.status])).toEqual([
      ['居住证明开具', 'received'],
      ['残疾人证申领', 'received'],
      ['临时救助申请', 'received'],
    ]);
    expect(view.progress).toEqual({ done: 0, total: 3 });
    const assignees = await app.db
      .selectFrom('cases')
      .select('assignee_id')
      .where(
        'id',
        'in',
        view.items.map((i) => i.caseId),
      )
      .execute();
    expect(assignees.every((a) => a.assignee_id === clerk.id)).toBe(true);

    // each sub-case runs on its own clock; the package says what blocks it
    const [first, second] = view.items;
    const accepted = await app.cases.act(clerk, first!.caseId, 'accept', {
      expectedVersion: 2,
      fields: {},
      attachments: [],
    });
    expect(accepted.case.dueDate).not.toBeNull();
    await app.cases.act(clerk, second!.caseId, 'accept', { expectedVersion: 2, fields: {}, attachments: [] });
    await app.cases.act(clerk, second!.caseId, 'requestMaterials', {
      expectedVersion: 3,
      fields: { missingMaterials: ['环评批复'] },
      attachments: [],
    });
    const after = await agency.get(clerk, opened.id);
    expect(after.blockers).toEqual([
      '残疾人证申领：待补正材料（暂停计时）',
      '临时救助申请：待受理：代办员正在收集材料',
    ]);
    await expect(agency.get(await actorNamed(app, 'clerk2'), opened.id)).rejects.toMatchObject({ status: 404 });
  });

  it('lets the enterprise follow it and complain through it; the complaint is answered once', async () => {
    const [pkg] = await agency.list(clerk);
    // the credit code is public (it is on the licence): its tail no longer opens the package
    await expect(agency.publicView(pkg!.number, '34xy', '192.0.2.1')).rejects.toMatchObject({
      status: 400,
      field: 'queryCode',
    });
    await expect(
      agency.publicView(pkg!.number, pkg!.queryCode === '22222222' ? '33333333' : '22222222', '192.0.2.1'),
    ).rejects.toMatchObject({ status: 404 });
    const seen = await agency.publicView(pkg!.number, pkg!.queryCode.toLowerCase(), '192.0.2.1');
    expect(seen).toMatchObject({ enterprise: '河津市恒达新材料有限公司', progress: { total: 3 } });
    expect(JSON.stringify(seen)).not.toContain('caseId');
    await expect(
      agency.complain(pkg!.number, '34XY', { text: '规划许可迟迟没有进展' }, '192.0.2.1'),
    ).rejects.toMatchObject({ status: 400, field: 'queryCode' });
    await expect(agency.complain(pkg!.number, pkg!.queryCode, { text: '慢' }, '192.0.2.1')).rejects.toMatchObject({
      status: 400,
      field: 'text',
    });
    const filed = await agency.complain(
      pkg!.number,
      pkg!.queryCode,
      { text: '规划许可迟迟没有进展', name: '李经理', phone: '13900001111' },
      '192.0.2.1',
    );
    const notes = await app.db
      .selectFrom('notifications')
      .select('user_id')
      .where('kind', '=', 'agency_complaint')
      .execute();
    expect(notes.map((n) => n.user_id)).toContain(clerk.id);
    const view = await agency.get(clerk, pkg!.id);
    expect(view.complaints).toEqual([
      expect.objectContaining({ text: '规划许可迟迟没有进展', contactPhone: '139****1111', answer: null }),
    ]);
    await agency.answer(clerk, filed.id, '已协调规划部门，本周内出具意见');
    await expect(agency.answer(clerk, filed.id, '再答一次')).rejects.toMatchObject({ status: 409 });
  });

  it('stops a guesser: 5 wrong codes on a package in an hour from anywhere, then 429 even for the right one', async () => {
    const [pkg] = await agency.list(clerk);
    const wrong = pkg!.queryCode === '22222222' ? '33333333' : '22222222';
    // a fresh hour: the test before spent one failure on this package
    day.set('2026-10-14');
    for (let i = 0; i < 5; i++)
      await expect(agency.publicView(pkg!.number, wrong, `192.0.2.${50 + i}`)).rejects.toMatchObject({ status: 404 });
    await expect(agency.publicView(pkg!.number, wrong, '192.0.2.60')).rejects.toMatchObject({
      status: 429,
      code: 'too_many_lookups',
    });
    await expect(
      agency.complain(pkg!.number, pkg!.queryCode, { text: '规划许可迟迟没有进展' }, '192.0.2.61'),
    ).rejects.toMatchObject({ status: 429 });
    day.set('2026-10-15');
    try {
      expect(await agency.publicView(pkg!.number, pkg!.queryCode, '192.0.2.62')).toMatchObject({ number: pkg!.number });
    } finally {
      day.set('2026-10-12');
    }
  });
});
