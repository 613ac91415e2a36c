import { idNumberCheckChar } from '@grassroots/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, residentCookie, type Session } from '../../../test/api-client.ts';
import { actorNamed, movableClock, RecordingSms, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { enrolHousehold } from './assistance.repository.ts';
import { enrolForTest, householdOf, householdsFreeToApply } from './assistance.testkit.ts';

/**
 * The 低保 portal application as an attacker tries it: probing ID numbers with her own phone to
 * learn who has a case, and filing a bank account of her choosing for someone else's allowance.
 */
let app: App;
let api: ApiClient;
let township: Session;
let payer: Session;
const sms = new RecordingSms();
const time = movableClock('2026-10-12');
let ipSeq = 0;

beforeAll(async () => {
  app = await testApp({ clock: time.clock, sms });
  api = await ApiClient.create(app);
  [township, payer] = [await api.login('township'), await api.login('payer')];
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

/** Each call from its own address, so the portal's per-address limit is not what answers. */
const apply = (cookie: { cookie: string }, body: Record<string, unknown>) =>
  api.server.inject({
    method: 'POST',
    url: '/api/v1/public/assistance/applications',
    payload: body,
    headers: cookie,
    remoteAddress: `10.9.0.${++ipSeq}`,
  });
const reason = '家中老人长期患病，本人失业，家庭收入低于当地标准，申请保障';

async function membersOf(householdId: string) {
  return app.db
    .selectFrom('household_members as m')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .select(['p.id', 'p.id_number_enc', 'p.birth_date', 'm.relation'])
    .where('m.household_id', '=', householdId)
    .orderBy(sql`m.relation = 'head'`, 'desc')
    .orderBy('p.birth_date')
    .execute();
}
/** A household of the area that has neither an entitlement nor an application yet, meeting `extra`. */
async function freshHousehold(divisionCode: string, extra = sql<boolean>`true`) {
  return householdsFreeToApply(app, divisionCode)
    .select(['h.id', 'h.number'])
    .where(extra)
    .where(sql<boolean>`(SELECT count(*) FROM household_members m WHERE m.household_id = h.id) >= 2`)
    .orderBy('h.number', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
}
const setPhone = (personId: string, phone: string) =>
  app.db
    .updateTable('persons')
    .set({ phone_bidx: app.cipher.blindIndex(phone) })
    .where('id', '=', personId)
    .execute();

describe('the 低保 portal application, attacked', () => {
  it("answers a phone that is not the applicant's the same for every ID number: unknown, registered, enrolled or waiting — and stores nothing", async () => {
    const worker = await actorNamed(app, 'community');
    const [plain, enrolled, waiting] = [
      await householdOf(app, worker.divisionCode, 2, 0),
      await householdOf(app, worker.divisionCode, 2, 1),
      await householdOf(app, worker.divisionCode, 2, 2),
    ];
    await enrolForTest(app, [{ id: enrolled.id, divisionCode: worker.divisionCode, amountFen: 30_000 }]);
    const waitingHead = (await membersOf(waiting.id))[0]!;
    await setPhone(waitingHead.id, '13811110003');
    const filed = await apply(await residentCookie(api, sms, '13811110003'), {
      programme: 'urbanMinimumAllowance',
      idNumber: app.cipher.decrypt(waitingHead.id_number_enc),
      reason,
    });
    expect(filed.statusCode, filed.body).toBe(201);

    const first17 = '14088219800101999';
    const ids = {
      unknown: first17 + idNumberCheckChar(first17),
      registered: app.cipher.decrypt((await membersOf(plain.id))[0]!.id_number_enc),
      enrolled: app.cipher.decrypt((await membersOf(enrolled.id))[0]!.id_number_enc),
      waiting: app.cipher.decrypt(waitingHead.id_number_enc),
    };
    const attacker = await residentCookie(api, sms, '13999990000');
    const before = await app.db
      .selectFrom('assistance_online_applications')
      .select((e) => e.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const answers = [];
    for (const idNumber of Object.values(ids)) {
      const res = await apply(attacker, {
        programme: 'urbanMinimumAllowance',
        idNumber,
        reason,
        bankName: '某银行',
        account: '6222000011112222333',
      });
      answers.push({ status: res.statusCode, body: res.json() });
    }
    expect(answers[0]).toEqual({
      status: 403,
      body: expect.objectContaining({ code: 'not_applicant', field: 'idNumber' }),
    });
    expect(answers[0]!.body).toMatchObject({
      message: expect.stringMatching(/[\u4e00-\u9fff]/),
      messageEn: expect.any(String),
    });
    // byte for byte the same problem for all four: nothing tells them apart
    for (const a of answers.slice(1)) expect(a).toEqual(answers[0]);
    const after = await app.db
      .selectFrom('assistance_online_applications')
      .select((e) => e.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('takes the application from the applicant by her registered phone or from an adult of her household, not from a child of it', async () => {
    const worker = await actorNamed(app, 'community');
    const adults = await freshHousehold(
      worker.divisionCode,
      sql<boolean>`
          (SELECT count(*) FROM household_members m JOIN persons p ON p.id = m.person_id WHERE m.household_id = h.id AND p.birth_date <= '2008-10-12') >= 2
      AND EXISTS (SELECT 1 FROM household_members m JOIN persons p ON p.id = m.person_id WHERE m.household_id = h.id AND p.birth_date > '2008-10-12')`,
    );
    const members = await membersOf(adults.id);
    const head = members[0]!;
    const child = members.filter((m) => m.birth_date > '2008-10-12').at(-1)!;
    const spouse = members.find((m) => m.id !== head.id && m.birth_date <= '2008-10-12')!;
    const body = { programme: 'urbanMinimumAllowance', idNumber: app.cipher.decrypt(head.id_number_enc), reason };

    await setPhone(child.id, '13811110011');
    const byChild = await apply(await residentCookie(api, sms, '13811110011'), body);
    expect([byChild.statusCode, byChild.json().code]).toEqual([403, 'not_applicant']);
    await setPhone(spouse.id, '13811110012');
    const bySpouse = await apply(await residentCookie(api, sms, '13811110012'), body);
    expect(bySpouse.statusCode, bySpouse.body).toBe(201);
    const row = await app.db
      .selectFrom('assistance_online_applications')
      .select(['person_id', 'filed_by', 'filer_person_id'])
      .where('id', '=', bySpouse.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ person_id: head.id, filed_by: 'householdMember', filer_person_id: spouse.id });
  });

  it("does not pay an account typed online until a clerk has checked it against the payee's own card; then pays it", async () => {
    const worker = await actorNamed(app, 'community');
    const h = await freshHousehold(worker.divisionCode);
    const head = (await membersOf(h.id))[0]!;
    await setPhone(head.id, '13811110021');
    const account = '6217000099998888777';
    const filed = await apply(await residentCookie(api, sms, '13811110021'), {
      programme: 'urbanMinimumAllowance',
      idNumber: app.cipher.decrypt(head.id_number_enc),
      reason,
      bankName: '河津农商银行',
      account,
    });
    expect([filed.statusCode, filed.json().accountVerification]).toEqual([201, 'pending']);
    const community = await api.login('community');
    const taken = (
      await api.call(community, 'POST', `/api/v1/assistance/online-applications/${filed.json().id}/take-up`)
    ).json();

    // the approval's own enrolment, as the case's approve hook runs it: the account comes from the application
    const rule = await app.assistance.rules.versionFor('urbanMinimumAllowance', worker.divisionCode, '2026-10-01');
    const approver = await actorNamed(app, 'approver');
    const entitlementId = await app.db.transaction().execute((tx) =>
      enrolHousehold(tx, {
        caseId: taken.case.id,
        householdId: h.id,
        divisionCode: worker.divisionCode,
        classCode: 'A',
        startMonth: '2026-10-01',
        nextReverification: '2027-10-01',
        assessment: {
          programme: 'urbanMinimumAllowance',
          ruleVersionId: rule.id,
          members: 2,
          monthlyAmountFen: 41_000,
        } as never,
        investigation: { months: [], members: [], assets: {} } as never,
        onlineApplicationId: filed.json().id,
        actorId: approver.id,
        actorName: approver.displayName,
        at: time.clock(),
      }),
    );
    const village = worker.divisionCode;
    const draft = (period: string) =>
      api.call(payer, 'POST', '/api/v1/assistance/payment-cycles', {
        programme: 'urbanMinimumAllowance',
        divisionCode: village,
        period,
      });
    const paidTo = async (cycle: string) =>
      (await app.db.selectFrom('payments').select('entitlement_id').where('cycle_id', '=', cycle).execute()).map(
        (p) => p.entitlement_id,
      );

    // the month's cycle leaves the household out, and says why, on the draft and on the cycle's page
    const october = await draft('2026-10');
    expect([october.statusCode, october.json().unverifiedAccount]).toEqual([201, 1]);
    expect(october.json().skipped).toEqual([
      expect.objectContaining({ entitlementId, householdNumber: h.number, reason: 'accountUnverified' }),
    ]);
    expect(await paidTo(october.json().id)).not.toContain(entitlementId);
    expect(
      (await api.call(payer, 'GET', `/api/v1/assistance/payment-cycles/${october.json().id}`)).json().skipped,
    ).toEqual([expect.objectContaining({ entitlementId, reason: 'accountUnverified' })]);
    // the database refuses it too, whatever the code above it does
    const e = await app.db
      .selectFrom('assistance_entitlements')
      .selectAll()
      .where('id', '=', entitlementId)
      .executeTakeFirstOrThrow();
    await expect(
      app.db
        .insertInto('payments')
        .values({
          cycle_id: october.json().id,
          entitlement_id: e.id,
          household_id: e.household_id,
          beneficiary_id: e.beneficiary_id,
          programme: e.programme,
          period: '2026-10-01',
          amount_fen: 41_000,
          reference: 'FF-TEST-X-000001',
          payee_name: e.payee_name,
          bank_name: e.bank_name,
          account_enc: e.account_enc,
        })
        .execute(),
    ).rejects.toThrow(/unverified account/);

    // the clerk types the number from the card: a different number is refused, naming the field
    const wrong = await api.call(township, 'POST', `/api/v1/assistance/entitlements/${entitlementId}/account/verify`, {
      account: '6217000099998888770',
      against: 'bankCard',
      expectedVersion: e.version,
    });
    expect([wrong.statusCode, wrong.json().code, wrong.json().field]).toEqual([400, 'account_mismatch', 'account']);
    expect(
      (
        await api.call(undefined, 'POST', `/api/v1/assistance/entitlements/${entitlementId}/account/verify`, {
          account,
          against: 'bankCard',
          expectedVersion: e.version,
        })
      ).statusCode,
    ).toBe(401);
    const clerk2 = await api.login('clerk2');
    expect(
      (
        await api.call(clerk2, 'POST', `/api/v1/assistance/entitlements/${entitlementId}/account/verify`, {
          account,
          against: 'bankCard',
          expectedVersion: e.version,
        })
      ).statusCode,
    ).toBe(403);
    const verified = await api.call(
      township,
      'POST',
      `/api/v1/assistance/entitlements/${entitlementId}/account/verify`,
      { account: '6217 0000 9999 8888 777', against: 'bankCard', expectedVersion: e.version },
    );
    expect(verified.statusCode, verified.body).toBe(200);
    const shown = (await api.call(township, 'GET', `/api/v1/assistance/entitlements/${entitlementId}`)).json();
    expect(shown).toMatchObject({
      account_verified_against: 'bankCard',
      accountVerifiedByName: expect.any(String),
      account_verified_at: expect.any(String),
    });
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('target_id', '=', entitlementId)
      .where('action', '=', 'assistance.account_verified')
      .execute();
    expect(audit).toEqual([{ action: 'assistance.account_verified', actor_name: 'township' }]);

    const november = await draft('2026-11');
    expect([november.statusCode, november.json().unverifiedAccount, november.json().skipped]).toEqual([201, 0, []]);
    const payment = await app.db
      .selectFrom('payments')
      .select(['amount_fen', 'account_enc'])
      .where('cycle_id', '=', november.json().id)
      .where('entitlement_id', '=', entitlementId)
      .executeTakeFirstOrThrow();
    expect([payment.amount_fen, app.cipher.decrypt(payment.account_enc!)]).toEqual([41_000, account]);
  });
});
