import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, residentCookie, type Session } from '../../../test/api-client.ts';
import { actorNamed, movableClock, personIn, RecordingSms, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { householdsFreeToApply } from './assistance.testkit.ts';

/**
 * 委托代理人 on the portal, attacked: an agent a clerk registered for the applicant may file her 低保
 * application; the same phone before registration, after revocation or past the registration's date
 * gets exactly the refusal a stranger gets; a clerk cannot register an agent for a person outside
 * her reach; lists never show the agent's number.
 */
let app: App;
let api: ApiClient;
let clerk: Session;
let clerk2: Session;
const sms = new RecordingSms();
const time = movableClock('2026-10-12');
let ipSeq = 0;

beforeAll(async () => {
  app = await testApp({ clock: time.clock, sms });
  api = await ApiClient.create(app);
  [clerk, clerk2] = [await api.login('clerk'), await api.login('clerk2')];
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

/** Each call from its own address, so the portal's per-address limit is not what answers. */
const apply = (cookie: { cookie: string }, idNumber: string) =>
  api.server.inject({
    method: 'POST',
    url: '/api/v1/public/assistance/applications',
    payload: {
      programme: 'urbanMinimumAllowance',
      idNumber,
      reason: '本人年老卧床，子女在外地，家庭收入低于当地标准，申请保障',
    },
    headers: cookie,
    remoteAddress: `10.8.0.${++ipSeq}`,
  });
const register = (s: Session, personId: string, body: Record<string, unknown>) =>
  api.call(s, 'POST', `/api/v1/persons/${personId}/agents`, body);
const agent = (phone: string, validUntil = '2027-10-11') => ({
  name: '李小红',
  phone,
  relationship: '女儿',
  document: '委托书',
  validUntil,
});

/** The head of a household of the area with neither an entitlement nor an application, and no phone of the new agent. */
async function freshApplicant(divisionCode: string) {
  const h = await householdsFreeToApply(app, divisionCode)
    .innerJoin('household_members as m', 'm.household_id', 'h.id')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .select(['p.id', 'p.id_number_enc'])
    .where('m.relation', '=', 'head')
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM person_agents g WHERE g.person_id = p.id)`)
    .orderBy('h.number', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { id: h.id, idNumber: app.cipher.decrypt(h.id_number_enc) };
}
const village = async () => (await actorNamed(app, 'community')).divisionCode;

describe('a registered agent on the 低保 portal application', () => {
  it("takes the application from a current agent's phone, and records the agent as the filer", async () => {
    const applicant = await freshApplicant(await village());
    const phone = '13822220001';
    const cookie = await residentCookie(api, sms, phone);
    // before a clerk registers her, the agent's phone is a stranger's
    expect((await apply(cookie, applicant.idNumber)).statusCode).toBe(403);

    const reg = await register(clerk, applicant.id, agent(phone));
    expect(reg.statusCode, reg.body).toBe(201);
    const filed = await apply(cookie, applicant.idNumber);
    expect(filed.statusCode, filed.body).toBe(201);
    const row = await app.db
      .selectFrom('assistance_online_applications')
      .select(['person_id', 'filed_by', 'filer_person_id', 'filer_agent_id'])
      .where('id', '=', filed.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      person_id: applicant.id,
      filed_by: 'agent',
      filer_person_id: null,
      filer_agent_id: reg.json().id,
    });
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('target_id', '=', filed.json().id)
      .where('action', '=', 'assistance.online_application')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ filedBy: 'agent', agent: reg.json().id });
    // the agent follows what she filed
    const mine = await api.server.inject({
      method: 'GET',
      url: '/api/v1/public/assistance/applications',
      headers: cookie,
      remoteAddress: '10.8.1.1',
    });
    expect(mine.json().map((a: { id: string }) => a.id)).toContain(filed.json().id);
  });

  it("answers a revoked or an expired agent's phone exactly as a stranger's, and stores nothing", async () => {
    const applicant = await freshApplicant(await village());
    const stranger = await apply(await residentCookie(api, sms, '13822220009'), applicant.idNumber);
    expect([stranger.statusCode, stranger.json().code, stranger.json().field]).toEqual([
      403,
      'not_applicant',
      'idNumber',
    ]);

    const revoked = (await register(clerk, applicant.id, agent('13822220002'))).json().id as string;
    const revoke = await api.call(clerk, 'POST', `/api/v1/persons/${applicant.id}/agents/${revoked}/revoke`, {
      reason: '本人撤回委托',
    });
    expect(revoke.statusCode, revoke.body).toBe(200);
    expect(
      (
        await api.call(clerk, 'POST', `/api/v1/persons/${applicant.id}/agents/${revoked}/revoke`, {
          reason: '再次撤销',
        })
      ).statusCode,
    ).toBe(409);
    const byRevoked = await apply(await residentCookie(api, sms, '13822220002'), applicant.idNumber);

    // valid through today: accepted today would be right, tomorrow it has lapsed
    expect((await register(clerk, applicant.id, agent('13822220003', '2026-10-12'))).statusCode).toBe(201);
    const expiredCookie = await residentCookie(api, sms, '13822220003');
    time.set('2026-10-13');
    try {
      const byExpired = await apply(expiredCookie, applicant.idNumber);
      for (const res of [byRevoked, byExpired])
        expect([res.statusCode, res.body]).toEqual([stranger.statusCode, stranger.body]);
    } finally {
      time.set('2026-10-12');
    }
    expect(
      await app.db
        .selectFrom('assistance_online_applications')
        .select('id')
        .where('person_id', '=', applicant.id)
        .execute(),
    ).toEqual([]);
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('target_id', '=', applicant.id)
      .where('action', 'like', 'person.agent_%')
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'person.agent_registered', actor_name: 'clerk' },
      { action: 'person.agent_revoked', actor_name: 'clerk' },
      { action: 'person.agent_registered', actor_name: 'clerk' },
    ]);
  });

  it('refuses a clerk of another township every agent route on a person outside her reach (404), storing nothing', async () => {
    const applicant = await freshApplicant(await village());
    const own = (await register(clerk, applicant.id, agent('13822220004'))).json().id as string;
    const answers = [
      await register(clerk2, applicant.id, agent('13822220005')),
      await api.call(clerk2, 'GET', `/api/v1/persons/${applicant.id}/agents`),
      await api.call(clerk2, 'POST', `/api/v1/persons/${applicant.id}/agents/${own}/revoke`, { reason: '越权撤销' }),
    ];
    expect(answers.map((r) => [r.statusCode, r.json().code])).toEqual([
      [404, 'not_found'],
      [404, 'not_found'],
      [404, 'not_found'],
    ]);
    const rows = await app.db
      .selectFrom('person_agents')
      .select(['id', 'revoked_at'])
      .where('person_id', '=', applicant.id)
      .execute();
    expect(rows).toEqual([{ id: own, revoked_at: null }]);
    // and the second township's own clerk may register one for her own people
    const other = await personIn(app, (await actorNamed(app, 'clerk2')).divisionCode.slice(0, 9));
    expect((await register(clerk2, other.id, agent('13822220006'))).statusCode).toBe(201);
  });

  it('lists agents with the phone masked, and names the field of bad input in both languages', async () => {
    const applicant = await freshApplicant(await village());
    const phone = '13822220007';
    expect((await register(clerk, applicant.id, agent(phone))).statusCode).toBe(201);
    const list = await api.call(clerk, 'GET', `/api/v1/persons/${applicant.id}/agents`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      expect.objectContaining({
        name: '李小红',
        phone: '138****0007',
        relationship: '女儿',
        document: '委托书',
        validUntil: '2027-10-11',
        status: 'current',
        revokedAt: null,
      }),
    ]);
    expect(list.body).not.toContain(phone);
    // the person's own reveal shows her phone, never her agents'
    const head = await api.login('head');
    const revealed = await api.call(head, 'POST', `/api/v1/persons/${applicant.id}/reveal`, { reason: '核对委托' });
    expect(revealed.body).not.toContain(phone);
    const audit = await app.db
      .selectFrom('audit_log')
      .select('details')
      .where('target_id', '=', applicant.id)
      .where('action', '=', 'person.agent_registered')
      .execute();
    expect(JSON.stringify(audit)).not.toContain(phone);
    const stored = await app.db
      .selectFrom('person_agents')
      .select(['phone_enc', 'phone_bidx'])
      .where('person_id', '=', applicant.id)
      .executeTakeFirstOrThrow();
    expect([app.cipher.decrypt(stored.phone_enc), app.cipher.matchesBlindIndex(phone, stored.phone_bidx)]).toEqual([
      phone,
      true,
    ]);

    const bad = await register(clerk, applicant.id, agent('1382222'));
    expect([bad.statusCode, bad.json().field, bad.headers['content-type']]).toEqual([
      400,
      'body.phone',
      expect.stringContaining('application/problem+json'),
    ]);
    expect(bad.json()).toMatchObject({
      message: expect.stringMatching(/手机号码/),
      messageEn: expect.stringMatching(/mobile/),
    });
    const past = await register(clerk, applicant.id, agent('13822220008', '2026-10-11'));
    expect([past.statusCode, past.json().field]).toEqual([400, 'validUntil']);
    const again = await register(clerk, applicant.id, agent(phone));
    expect([again.statusCode, again.json().code]).toEqual([409, 'agent_exists']);
    expect((await api.call(undefined, 'GET', `/api/v1/persons/${applicant.id}/agents`)).statusCode).toBe(401);
  });
});
