import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, movableClock, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { actWith, householdOf, investigationFor, type Act, uploadedPhoto } from './assistance.testkit.ts';

let app: App;
let act: Act;
const day = movableClock('2026-10-12');
let community: Actor;
let township: Actor;
let approver: Actor;
let photo: string;

beforeAll(async () => {
  app = await testApp({ clock: day.clock });
  act = actWith(app);
  [community, township, approver] = await Promise.all([
    actorNamed(app, 'community'),
    actorNamed(app, 'township'),
    actorNamed(app, 'approver'),
  ]);
  photo = await uploadedPhoto(app, community, township);
});
afterAll(async () => {
  await app?.close();
});

async function apply(householdId: string) {
  return (
    await app.cases.open(community, {
      typeCode: 'minimum_allowance',
      title: '低保申请',
      subject: { type: 'household', id: householdId },
      fields: {
        programme: 'urbanMinimumAllowance',
        applicant: '王建国',
        applicantRole: 'head',
        reason: '配偶长期患病，家庭收入低于当地标准',
      },
    })
  ).case;
}

/** accept → investigate → community review → township review → notice. */
async function toNotice(h: { id: string; memberIds: string[] }) {
  let c = await apply(h.id);
  c = await act(community, c, 'accept');
  c = await act(community, c, 'investigate', { investigation: investigationFor(h.memberIds) }, undefined, [photo]);
  c = await act(
    community,
    c,
    'communityReview',
    { reviewDate: '2026-10-14', attendees: 9, inFavour: 8, against: 1, recommendation: 'approve' },
    '评议小组认为情况属实',
  );
  c = await act(township, c, 'townshipReview', { recommendation: 'approve' }, '审核同意');
  return act(township, c, 'startNotice');
}

describe('the 低保 case', () => {
  it('goes from application to enrolment: the amount from the rule in force, a 7-day notice, an objection reopening the investigation, approval creating the entitlement', async () => {
    const h = await householdOf(app, community.divisionCode, 2);
    let c = await toNotice(h);
    expect(c.status).toBe('onNotice');
    const n = h.memberIds.length;
    // 780 yuan × n − (two months of 500 yuan wages ÷ 2); the care pension is excluded; rounded to the yuan
    const expected = Math.round((78_000 * n - 50_000) / 100) * 100;
    expect(c.data.assessment).toMatchObject({
      eligible: true,
      members: n,
      monthlyAmountFen: expected,
      householdMonthlyIncomeFen: 50_000,
    });
    expect(c.data).toMatchObject({ noticeFrom: '2026-10-12', noticeUntil: '2026-10-18' });
    const notices = await app.assistance.portal.currentNotices();
    const mine = notices.find((x) => x.caseNumber === c.number)!;
    expect(mine).toMatchObject({
      applicant: '王*国',
      members: n,
      monthlyAmountFen: expected,
      phone: expect.stringMatching(/^0359-/),
    });
    // the notice is the township's: it posted it, though the community opened the case
    const notice = await app.db
      .selectFrom('documents as d')
      .innerJoin('departments as dep', 'dep.id', 'd.issuer_department_id')
      .select(['dep.kind', 'd.kind as doc'])
      .where('d.case_id', '=', c.id)
      .where('d.kind', '=', 'allowanceNotice')
      .executeTakeFirstOrThrow();
    expect(notice.kind).toBe('township_office');
    expect(JSON.stringify(notices)).not.toMatch(/\d{17}[\dX]/);

    await expect(act(approver, c, 'approve', { classCode: 'A' }, '同意')).rejects.toMatchObject({
      status: 409,
      code: 'notice_running',
    });
    await app.assistance.portal.fileObjection(
      c.number,
      { text: '该户有一辆营运货车，收入未如实申报', phone: '13912345678' },
      null,
    );
    day.set('2026-10-19');
    expect(await app.assistance.portal.currentNotices()).toEqual([]);
    await expect(
      app.assistance.portal.fileObjection(c.number, { text: '公示结束后的异议' }, null),
    ).rejects.toMatchObject({ status: 409, code: 'notice_closed' });
    await expect(act(approver, c, 'approve', { classCode: 'A' }, '同意')).rejects.toMatchObject({
      status: 409,
      code: 'objection_open',
    });
    c = await act(approver, c, 'reopenInvestigation', {}, '核实异议反映的车辆情况');
    expect(c.status).toBe('accepted');
    expect((await app.assistance.applications.objections(approver, c.id))[0]).toMatchObject({
      answer: '核实异议反映的车辆情况',
      contact_phone_masked: '139****5678',
    });

    c = await act(
      community,
      c,
      'investigate',
      { investigation: investigationFor(h.memberIds, 60_000) },
      '车辆已于2025年转让，有过户凭证',
      [photo],
    );
    c = await act(
      community,
      c,
      'communityReview',
      { reviewDate: '2026-10-20', attendees: 9, inFavour: 9, against: 0, recommendation: 'approve' },
      '复议通过',
    );
    c = await act(township, c, 'townshipReview', { recommendation: 'approve' }, '审核同意');
    c = await act(township, c, 'startNotice');
    day.set('2026-10-27');
    const result = await app.cases.act(approver, c.id, 'approve', {
      expectedVersion: c.version,
      fields: { classCode: 'B' },
      opinion: '符合条件，同意纳入',
      attachments: [],
    });
    expect(result.case).toMatchObject({ status: 'enrolled', isOpen: false });
    expect(result.documents.map((d) => d.kind)).toEqual(['allowanceApproval']);
    const e = await app.db
      .selectFrom('assistance_entitlements')
      .selectAll()
      .where('case_id', '=', c.id)
      .executeTakeFirstOrThrow();
    const again = Math.round((78_000 * n - 60_000) / 100) * 100;
    expect(e).toMatchObject({
      amount_fen: again,
      class_code: 'B',
      start_month: '2026-10-01',
      next_reverification: '2027-04-27',
      status: 'active',
    });
    // enrolled: a new application is refused, at the window and on the portal
    await expect(apply(h.id)).rejects.toMatchObject({ status: 409, code: 'already_enrolled' });
    const member = await app.db
      .selectFrom('persons')
      .select('id_number_enc')
      .where('id', '=', h.memberIds[0]!)
      .executeTakeFirstOrThrow();
    // (the member herself, signed in with the phone the registry holds for her)
    await app.db
      .updateTable('persons')
      .set({ phone_bidx: app.cipher.blindIndex('13700000000') })
      .where('id', '=', h.memberIds[0]!)
      .execute();
    await expect(
      app.assistance.portal.apply(
        app.cipher.blindIndex('13700000000'),
        {
          programme: 'urbanMinimumAllowance',
          idNumber: app.cipher.decrypt(member.id_number_enc),
          reason: '再次申请低保，家庭困难',
        },
        null,
      ),
    ).rejects.toMatchObject({ code: 'already_enrolled' });
    // an appeal years later: the version and the inputs are on the record
    const version = await app.assistance.rules.allowanceVersionById(e.rule_version_id);
    expect(version.monthlyStandardFen).toBe(78_000);
    expect((e.inputs as { months: string[] }).months).toEqual(['2026-08', '2026-09']);
  });

  it('keeps apart who investigated and who reviews or approves', async () => {
    const h = await householdOf(app, community.divisionCode, 2, 1);
    let c = await apply(h.id);
    c = await act(township, c, 'accept');
    c = await act(township, c, 'investigate', { investigation: investigationFor(h.memberIds) }, undefined, [photo]);
    c = await act(
      community,
      c,
      'communityReview',
      { reviewDate: '2026-10-20', attendees: 5, inFavour: 5, against: 0, recommendation: 'approve' },
      '同意',
    );
    expect(c.allowedActions.map((a) => a.code)).not.toContain('townshipReview');
    await expect(act(township, c, 'townshipReview', { recommendation: 'approve' }, '同意')).rejects.toMatchObject({
      status: 403,
      code: 'separation_of_duties',
    });
    await expect(act(community, c, 'townshipReview', { recommendation: 'approve' }, '同意')).rejects.toMatchObject({
      status: 403,
    });
  });

  it('refuses a second open application of a household, a person in another active household, and bad investigation records without storing anything', async () => {
    const h = await householdOf(app, community.divisionCode, 2, 2);
    const c = await apply(h.id);
    await expect(apply(h.id)).rejects.toMatchObject({ status: 409, code: 'application_open' });
    // a refusal at intake comes with a one-time notice of what is missing; the household may apply again
    const h4 = await householdOf(app, community.divisionCode, 2, 3);
    const refused = await app.cases.act(community, (await apply(h4.id)).id, 'refuse', {
      expectedVersion: 1,
      fields: { missingMaterials: ['户口簿', '收入证明'] },
      opinion: '材料不全',
      attachments: [],
    });
    expect([refused.case.status, refused.documents.map((d) => d.kind)]).toEqual(['refused', ['oneTimeNotice']]);
    expect((await apply(h4.id)).status).toBe('applied');
    let accepted = await act(community, c, 'accept');
    const bad = investigationFor(h.memberIds);
    await expect(
      act(community, accepted, 'investigate', { investigation: { ...bad, members: bad.members.slice(1) } }, undefined, [
        photo,
      ]),
    ).rejects.toMatchObject({ field: 'fields.investigation.members' });
    await expect(
      act(
        community,
        accepted,
        'investigate',
        { investigation: { ...bad, homeVisit: { ...bad.homeVisit, visitors: ['陈静'] } } },
        undefined,
        [photo],
      ),
    ).rejects.toMatchObject({ field: 'fields.investigation.homeVisit.visitors' });
    await expect(act(community, accepted, 'investigate', { investigation: bad })).rejects.toMatchObject({
      field: 'attachments',
    });
    const withUnknownKind = {
      ...bad,
      members: bad.members.map((m, i) =>
        i === 0 ? { ...m, incomes: [{ kind: 'lottery', month: '2026-08', amountFen: 1 }] } : m,
      ),
    };
    await expect(
      act(community, accepted, 'investigate', { investigation: withUnknownKind }, undefined, [photo]),
    ).rejects.toMatchObject({ status: 400, code: 'invalid_field' });
    expect(
      (await app.db.selectFrom('case_actions').select('action').where('case_id', '=', c.id).execute()).map(
        (a) => a.action,
      ),
    ).toEqual(['open', 'accept']);

    // a member of this household is moved into the household enrolled by the first test
    const enrolled = await app.db
      .selectFrom('assistance_entitlements as e')
      .innerJoin('households as hh', 'hh.id', 'e.household_id')
      .select(['hh.number', 'e.household_id'])
      .executeTakeFirstOrThrow();
    const enrolledMember = (
      await app.db
        .selectFrom('assistance_entitlement_members')
        .select('person_id')
        .where('active', '=', true)
        .executeTakeFirstOrThrow()
    ).person_id;
    await app.db
      .updateTable('household_members')
      .set({ household_id: h.id, relation: 'other' })
      .where('person_id', '=', enrolledMember)
      .execute();
    const members = [...h.memberIds, enrolledMember];
    accepted = await act(community, accepted, 'investigate', { investigation: investigationFor(members) }, undefined, [
      photo,
    ]);
    accepted = await act(
      community,
      accepted,
      'communityReview',
      { reviewDate: '2026-10-28', attendees: 5, inFavour: 5, against: 0, recommendation: 'approve' },
      '同意',
    );
    accepted = await act(township, accepted, 'townshipReview', { recommendation: 'approve' }, '同意');
    accepted = await act(township, accepted, 'startNotice');
    day.set('2026-11-05');
    await expect(act(approver, accepted, 'approve', { classCode: 'A' }, '同意')).rejects.toMatchObject({
      status: 409,
      code: 'already_in_household',
      extra: { householdNumber: enrolled.number },
    });
  });
});
