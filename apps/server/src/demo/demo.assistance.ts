import { maskPhone } from '@grassroots/contracts';
import { sql } from 'kysely';
import type { App } from '../compose.ts';
import { loadActor } from '../core/auth/auth.repository.ts';
import type { Actor } from '../core/auth/actor.ts';
import { shiftDate } from '../core/calendar/working-calendar.ts';
import type { CaseView } from '../core/cases/case.queries.ts';
import { CaseService } from '../core/cases/case.service.ts';
import { recordUpload } from '../core/documents/file-access.ts';
import { today } from '../core/time.ts';
import { CareService } from '../modules/care/care.service.ts';

/** A 1×1 PNG standing in for the home visit's photo. */
export const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The demo's social assistance, made through the real services on back-dated days: two households
 * enrolled last month and paid (cycle, second approval, bank file, return file), one on public
 * notice now, one application waiting on the portal, and a few preferential-care beneficiaries.
 */
export async function seedAssistanceDemo(app: App, log: (msg: string) => void) {
  const actor = async (username: string) =>
    (await loadActor(
      app.db,
      (await app.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id,
    ))!;
  const [community, township, approver, payer] = (await Promise.all(
    ['community', 'township', 'approver', 'payer'].map(actor),
  )) as [Actor, Actor, Actor, Actor];
  const now = today(app.clock);
  let day = now;
  const cases = new CaseService(
    app.db,
    app.caseTypes,
    app.calendar,
    app.documents,
    () => new Date(`${day}T10:00:00+08:00`),
    app.boss,
  );
  const photo = (await app.files.put(app.db, PHOTO)).hash;
  await recordUpload(app.db, photo, { userId: community.id });
  const households = await app.db
    .selectFrom('households as h')
    .innerJoin('household_members as m', 'm.household_id', 'h.id')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .select(['h.id', 'p.id as personId', 'p.name', 'p.id_number_enc', 'p.phone_enc'])
    .where('h.division_code', '=', community.divisionCode)
    .where('m.relation', '=', 'head')
    .where(sql<boolean>`(SELECT count(*) FROM household_members x WHERE x.household_id = h.id) BETWEEN 2 AND 4`)
    .orderBy('h.number')
    .limit(5)
    .execute();
  const act = async (
    who: Actor,
    c: CaseView,
    action: string,
    fields: Record<string, unknown> = {},
    opinion?: string,
    attachments: string[] = [],
  ) =>
    (
      await cases.act(who, c.id, action, {
        expectedVersion: c.version,
        fields,
        ...(opinion ? { opinion } : {}),
        attachments,
      })
    ).case;
  const members = async (householdId: string) =>
    (
      await app.db
        .selectFrom('household_members')
        .select('person_id')
        .where('household_id', '=', householdId)
        .orderBy('person_id')
        .execute()
    ).map((m) => m.person_id);
  const months = [shiftDate(now, -100).slice(0, 7), shiftDate(now, -70).slice(0, 7)];

  const toNotice = async (
    h: (typeof households)[number],
    start: number,
    wagesFen: number,
    onlineApplicationId?: string,
  ) => {
    day = shiftDate(now, -start);
    let c = (
      await cases.open(community, {
        typeCode: 'minimum_allowance',
        title: `${h.name}家庭申请城市居民最低生活保障`,
        subject: { type: 'household', id: h.id },
        fields: {
          programme: 'urbanMinimumAllowance',
          applicant: h.name,
          applicantRole: 'head',
          reason: '家庭成员患病，收入低于当地保障标准',
          ...(onlineApplicationId ? { onlineApplicationId } : {}),
        },
      })
    ).case;
    c = await act(community, c, 'accept');
    const ids = await members(h.id);
    c = await act(
      community,
      c,
      'investigate',
      {
        investigation: {
          months,
          members: ids.map((personId, i) => ({
            personId,
            incomes: i === 0 ? months.map((month) => ({ kind: 'wages', month, amountFen: wagesFen })) : [],
          })),
          homeVisit: { date: day, visitors: ['陈静', '刘芳'], findings: '入户核实，情况属实' },
        },
      },
      undefined,
      [photo],
    );
    c = await act(
      community,
      c,
      'communityReview',
      { reviewDate: day, attendees: 9, inFavour: 9, against: 0, recommendation: 'approve' },
      '评议小组一致同意',
    );
    day = shiftDate(now, -(start - 3));
    c = await act(township, c, 'townshipReview', { recommendation: 'approve' }, '审核同意，予以公示');
    return act(township, c, 'startNotice');
  };

  for (const [i, h] of households.slice(0, 2).entries()) {
    const c = await toNotice(h, 45, 40_000 + i * 20_000);
    day = shiftDate(now, -32);
    await act(approver, c, 'approve', { classCode: i === 0 ? 'A' : 'B' }, '符合条件，同意纳入保障');
    const e = await app.db
      .selectFrom('assistance_entitlements')
      .select(['id', 'version'])
      .where('case_id', '=', c.id)
      .executeTakeFirstOrThrow();
    await app.assistance.entitlements.changeAccount(approver, e.id, {
      bankName: '河津农商银行',
      account: `62170000${String(11112222333 + i)}`,
      expectedVersion: e.version,
    });
  }
  if (households[2]) await toNotice(households[2], 4, 30_000);
  // only the applicant (or an adult of her household) may apply, signed in with her registered mobile
  const applyOnline = async (h: (typeof households)[number], fallbackPhone: string, account: string) => {
    const phone = h.phone_enc ? app.cipher.decrypt(h.phone_enc) : fallbackPhone;
    if (!h.phone_enc)
      await app.db
        .updateTable('persons')
        .set({
          phone_enc: app.cipher.encrypt(phone),
          phone_bidx: app.cipher.blindIndex(phone),
          phone_masked: maskPhone(phone),
        })
        .where('id', '=', h.personId)
        .execute();
    return app.assistance.portal.apply(
      app.cipher.blindIndex(phone),
      {
        programme: 'urbanMinimumAllowance',
        idNumber: app.cipher.decrypt(h.id_number_enc),
        reason: '本人下岗，配偶患慢性病，家庭收入低，申请低保',
        bankName: '中国邮政储蓄银行',
        account,
      },
      null,
    );
  };
  if (households[3]) await applyOnline(households[3], '13800000001', '6221880012345678');
  // a household enrolled from an online application: the account it typed is not paid until a clerk
  // checks it against the card or passbook (核对收款账户), so last month's cycle left it out
  if (households[4]) {
    const online = await applyOnline(households[4], '13800000002', '6221880087654321');
    const c = await toNotice(households[4], 45, 30_000, online.id);
    day = shiftDate(now, -32);
    await act(approver, c, 'approve', { classCode: 'C' }, '符合条件，同意纳入保障');
  }

  // last month's payment, all the way through the bank
  day = now;
  const period = shiftDate(now, -32).slice(0, 7);
  const cycle = await app.assistance.payments.draft(payer, {
    programme: 'urbanMinimumAllowance',
    divisionCode: payer.divisionCode,
    period,
  });
  await app.assistance.payments.approve(approver, cycle.id);
  const file = await app.assistance.payments.exportFile(payer, cycle.id, 'standard');
  const csv = (await app.assistance.payments.downloadFile(payer, file.id, 'csv')).body
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n');
  await app.assistance.payments.importReturn(
    payer,
    file.id,
    Buffer.from([`${csv[0]},处理结果`, ...csv.slice(1).map((l) => `${l},成功`)].join('\n')),
    'csv',
  );

  // made-up figures: 1% of a general budget revenue, working funds at 3%
  await app.assistance.funds.setBudget(approver, {
    programme: 'urbanMinimumAllowance',
    divisionCode: approver.divisionCode,
    year: Number(now.slice(0, 4)),
    budgetFen: 1_200_000_000,
    workingFundsFen: 36_000_000,
    generalRevenueFen: 120_000_000_000,
    basis: '演示预算（非正式文件）',
  });

  const care = new CareService(app.db, app.cipher, app.assistance, app.clock);
  const veterans = await app.db
    .selectFrom('persons as p')
    .innerJoin('household_members as m', 'm.person_id', 'p.id')
    .select('p.id')
    .where('p.is_veteran', '=', true)
    .where('p.division_code', 'like', `${township.divisionCode.slice(0, 9)}%`)
    .orderBy('p.id')
    .limit(3)
    .execute();
  for (const [i, v] of veterans.entries()) {
    await care.register(approver, {
      personId: v.id,
      category: ['demobilised', 'disabled6', 'returnedIll'][i]!,
      since: '2015-08-01',
      workingAway: i === 2,
      bankName: '河津农商银行',
      account: `62170000${String(55556666000 + i)}`,
    });
  }
  log(
    `demo assistance: 2 households enrolled and paid for ${period}, 1 enrolled from an online application whose account awaits 核对收款账户, 1 on public notice, 1 online application waiting, ${veterans.length} preferential-care beneficiaries`,
  );
}
