import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, residentCookie as residentCookieOf, type Session } from '../../../test/api-client.ts';
import { actorNamed, movableClock, RecordingSms, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { householdOf } from './assistance.testkit.ts';

let app: App;
let api: ApiClient;
let community: Session;
let clerk2: Session;
const sms = new RecordingSms();
const time = movableClock('2026-10-12');

beforeAll(async () => {
  app = await testApp({ clock: time.clock, sms });
  api = await ApiClient.create(app);
  community = await api.login('community');
  clerk2 = await api.login('clerk2');
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

const residentCookie = (phone: string) => residentCookieOf(api, sms, phone);

describe('applying for 低保 on the portal', () => {
  it('takes an application from a signed-in resident, shows it to the community worker only, and lets the resident follow the case', async () => {
    const worker = await actorNamed(app, 'community');
    const h = await householdOf(app, worker.divisionCode, 2);
    const head = await app.db
      .selectFrom('household_members as m')
      .innerJoin('persons as p', 'p.id', 'm.person_id')
      .select(['p.id', 'p.id_number_enc', 'p.name'])
      .where('m.household_id', '=', h.id)
      .where('m.relation', '=', 'head')
      .executeTakeFirstOrThrow();
    const idNumber = app.cipher.decrypt(head.id_number_enc);
    // the applicant signs in with the mobile the registry holds for her
    await app.db
      .updateTable('persons')
      .set({ phone_bidx: app.cipher.blindIndex('13800001111') })
      .where('id', '=', head.id)
      .execute();
    const body = {
      programme: 'urbanMinimumAllowance',
      idNumber,
      reason: '丈夫因病卧床，本人照顾老人无法外出工作，家庭收入很低',
      bankName: '河津农商银行',
      account: '6217 0000 1111 2222 333',
    };

    expect((await api.call(undefined, 'POST', '/api/v1/public/assistance/applications', body)).statusCode).toBe(401);
    const resident = await residentCookie('13800001111');
    const badId = await api.call(
      undefined,
      'POST',
      '/api/v1/public/assistance/applications',
      { ...body, idNumber: '110101199001011234' },
      resident,
    );
    expect([badId.statusCode, badId.json().field]).toEqual([400, 'idNumber']);
    const badAccount = await api.call(
      undefined,
      'POST',
      '/api/v1/public/assistance/applications',
      { ...body, account: '12ab' },
      resident,
    );
    expect([badAccount.statusCode, badAccount.json().field]).toEqual([400, 'account']);
    const filed = await api.call(undefined, 'POST', '/api/v1/public/assistance/applications', body, resident);
    expect(filed.statusCode).toBe(201);
    expect(
      (await api.call(undefined, 'POST', '/api/v1/public/assistance/applications', body, resident)).json().code,
    ).toBe('application_pending');

    const pending = (await api.call(community, 'GET', '/api/v1/assistance/online-applications')).json();
    expect(pending).toEqual([
      expect.objectContaining({
        id: filed.json().id,
        applicant: head.name,
        account_masked: '****2333',
        householdNumber: h.number,
      }),
    ]);
    expect(JSON.stringify(pending)).not.toContain(idNumber);
    expect((await api.call(clerk2, 'GET', '/api/v1/assistance/online-applications')).json()).toEqual([]);
    expect(
      (await api.call(clerk2, 'POST', `/api/v1/assistance/online-applications/${filed.json().id}/take-up`)).statusCode,
    ).toBe(404);

    const taken = await api.call(
      community,
      'POST',
      `/api/v1/assistance/online-applications/${filed.json().id}/take-up`,
      undefined,
      { 'idempotency-key': 'take-up-0001' },
    );
    expect(taken.statusCode).toBe(201);
    const again = await api.call(
      community,
      'POST',
      `/api/v1/assistance/online-applications/${filed.json().id}/take-up`,
      undefined,
      { 'idempotency-key': 'take-up-0001' },
    );
    expect(again.json().case.number).toBe(taken.json().case.number);
    expect((await api.call(community, 'GET', '/api/v1/assistance/online-applications')).json()).toEqual([]);
    const mine = (
      await api.call(undefined, 'GET', '/api/v1/public/assistance/applications', undefined, resident)
    ).json();
    expect(mine).toEqual([expect.objectContaining({ caseNumber: taken.json().case.number, status: 'applied' })]);
    // the resident follows it on the track page with the query code her list gives her; the portal shows steps, not people
    const number = taken.json().case.number as string;
    expect(mine[0].queryCode).toBe(taken.json().case.queryCode);
    const track = await api.call(
      undefined,
      'GET',
      `/api/v1/public/cases/track?number=${number}&queryCode=${mine[0].queryCode}`,
    );
    expect([track.statusCode, track.json().steps.map((s: { action: string }) => s.action)]).toEqual([200, ['open']]);
    expect(
      (await api.call(undefined, 'GET', `/api/v1/public/cases/track?number=${number}&idTail=${idNumber.slice(-4)}`))
        .statusCode,
    ).toBe(400);
    const someoneElse = await residentCookie('13800002222');
    expect(
      (await api.call(undefined, 'GET', '/api/v1/public/assistance/applications', undefined, someoneElse)).json(),
    ).toEqual([]);
  });

  it('refuses objections that say nothing or come with a malformed phone, naming the field', async () => {
    const res = await api.call(undefined, 'POST', '/api/v1/public/assistance/notices/DB-2026-000001/objections', {
      text: '不',
    });
    expect([res.statusCode, res.json().field]).toEqual([400, 'text']);
    const phone = await api.call(undefined, 'POST', '/api/v1/public/assistance/notices/DB-2026-000001/objections', {
      text: '该户有经营性收入未申报',
      phone: '12',
    });
    expect([phone.statusCode, phone.json().field]).toEqual([400, 'phone']);
    const none = await api.call(undefined, 'POST', '/api/v1/public/assistance/notices/NO-SUCH/objections', {
      text: '该户有经营性收入未申报',
    });
    expect([none.statusCode, none.json().code]).toEqual([404, 'notice_not_found']);
  });
});
