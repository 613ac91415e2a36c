import { NewDispute, NewMeeting } from '@grassroots/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, movableClock, testApp } from '../../../test/helpers.ts';
import { pdfText } from '../../../test/pdf-text.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { DisputesService } from './disputes.service.ts';
import { MeetingsService } from './meetings.service.ts';

let app: App;
let community: Actor;
let meetings: MeetingsService;
const day = movableClock('2026-11-16');

beforeAll(async () => {
  app = await testApp({ clock: day.clock });
  community = await actorNamed(app, 'community');
  meetings = new MeetingsService(app.db, app.documents, app.clock);
});
afterAll(async () => {
  await app?.close();
});

describe('the four-party joint meeting (联席会议)', () => {
  it('builds its agenda from open disputes, needs all four parties, and tracks its action items to done', async () => {
    const d = await new DisputesService(app.db, app.documents, app.clock, () => 3).record(
      community,
      NewDispute.parse({
        title: '小区停车收费争议',
        categoryCode: 'property.services',
        divisionCode: community.divisionCode,
        parties: [
          { kind: 'person', name: '业主代表' },
          { kind: 'organisation', name: '龙门物业服务有限公司' },
        ],
        facts: '物业公司上调停车费，业主不认可',
      }),
    );
    const agenda = await meetings.agenda(community, community.divisionCode);
    expect(agenda).toContainEqual(expect.objectContaining({ disputeId: d.id }));
    const meeting = {
      divisionCode: community.divisionCode,
      kind: 'quarterly',
      heldOn: '2026-11-10',
      agenda,
      minutes: '四方就停车收费达成一致：维持原标准至年底，明年经业主大会表决',
      attendees: {
        partyBranch: '社区党支部 王书记',
        residentsCommittee: '居委会 陈主任',
        ownersCommittee: '业委会 李主任',
        propertyCompany: '龙门物业 赵经理',
      },
      actions: [{ text: '物业公司公示停车费收支', owner: '物业公司', due: '2026-11-20' }],
    };
    // all four parties attend: the contract refuses the body naming the missing one (the route answers 400)
    expect(
      NewMeeting.safeParse({ ...meeting, attendees: { ...meeting.attendees, propertyCompany: '' } }).error?.issues.map(
        (i) => i.path.join('.'),
      ),
    ).toEqual(['attendees.propertyCompany']);
    const before = await meetings.owed(community, '2026-11-16');
    expect(before.withoutQuarterly.map((c) => c.code)).toContain(community.divisionCode);
    const recorded = await meetings.record(community, NewMeeting.parse(meeting));
    // the minutes: a numbered, verifiable PDF naming each party's attendee, the agenda and who does what by when
    const minutes = pdfText(
      await app.documents.pdf((await meetings.minutesDocument(community, recorded.id)).id),
    ).replace(/\s+/g, '');
    for (const expected of [
      recorded.documentNumber,
      '四方联席会议纪要',
      '季度例会',
      '业委会李主任',
      '龙门物业赵经理',
      '小区停车收费争议',
      '维持原标准至年底',
      '责任方：物业公司，完成时限：2026-11-20',
    ])
      expect(minutes).toContain(expected);
    await app.users.create({
      username: 'jw2_worker',
      displayName: '另一社区工作者',
      departmentCode: '140882-JW2',
      password: 'Test@2026pass!',
      roles: [{ role: 'community_worker', scope: 'subtree' }],
    });
    await expect(meetings.minutesDocument(await actorNamed(app, 'jw2_worker'), recorded.id)).rejects.toMatchObject({
      status: 404,
    });
    // nor does she reach the other community's agenda or its action items
    await expect(meetings.agenda(await actorNamed(app, 'jw2_worker'), community.divisionCode)).rejects.toMatchObject({
      status: 400,
      field: 'divisionCode',
    });
    expect((await meetings.list(community))[0]).toMatchObject({
      id: recorded.id,
      documentId: expect.any(String),
      actions: [expect.objectContaining({ text: '物业公司公示停车费收支', doneAt: null })],
    });
    const after = await meetings.owed(community, '2026-11-25');
    expect(after.withoutQuarterly.map((c) => c.code)).not.toContain(community.divisionCode);
    expect(after.overdueActions).toEqual([expect.objectContaining({ text: '物业公司公示停车费收支' })]);
    await meetings.done(community, after.overdueActions[0]!.id, '已在小区公告栏公示');
    expect((await meetings.owed(community, '2026-11-25')).overdueActions).toEqual([]);
    await expect(meetings.agenda(await actorNamed(app, 'clerk'), community.divisionCode)).rejects.toMatchObject({
      status: 403,
    });
  });
});

describe('prior consultation (事先征求意见)', () => {
  it('lets a property matter proceed only after the sub-district office opinion, and never against it', async () => {
    const company = (
      await app.db
        .selectFrom('organisations')
        .select('id')
        .where('credit_code', '=', '91140882MA0K1234XY')
        .executeTakeFirstOrThrow()
    ).id;
    const township = await actorNamed(app, 'township');
    const open = async () =>
      (
        await app.cases.open(township, {
          typeCode: 'prior_consultation',
          title: '更换物业服务企业',
          subject: { type: 'organisation', id: company },
          fields: { matter: 'propertyCompanyChange', description: '业主大会拟更换物业服务企业' },
        })
      ).case;
    // it is about the company, not about a person
    const person = (
      await app.db
        .selectFrom('persons')
        .select('id')
        .where('division_code', 'like', '140882001%')
        .limit(1)
        .executeTakeFirstOrThrow()
    ).id;
    await expect(
      app.cases.open(township, {
        typeCode: 'prior_consultation',
        title: '更换物业服务企业',
        subject: { type: 'person', id: person },
        fields: { matter: 'propertyCompanyChange', description: '业主大会拟更换物业服务企业' },
      }),
    ).rejects.toMatchObject({ status: 400, field: 'subject.type' });
    let c = await open();
    expect(c.dueDate).toBe('2026-11-30');
    await expect(
      app.cases.act(township, c.id, 'proceed', { expectedVersion: c.version, fields: {}, attachments: [] }),
    ).rejects.toMatchObject({ status: 409, code: 'action_not_allowed' });
    c = (
      await app.cases.act(township, c.id, 'giveOpinion', {
        expectedVersion: c.version,
        fields: { position: 'disagree' },
        opinion: '业主大会表决程序不合规',
        attachments: [],
      })
    ).case;
    await expect(
      app.cases.act(township, c.id, 'proceed', { expectedVersion: c.version, fields: {}, attachments: [] }),
    ).rejects.toMatchObject({ status: 409, code: 'opinion_disagrees' });
    let d = await open();
    d = (
      await app.cases.act(township, d.id, 'giveOpinion', {
        expectedVersion: d.version,
        fields: { position: 'agree' },
        opinion: '同意',
        attachments: [],
      })
    ).case;
    d = (await app.cases.act(township, d.id, 'proceed', { expectedVersion: d.version, fields: {}, attachments: [] }))
      .case;
    expect(d.status).toBe('proceeded');
  });
});
