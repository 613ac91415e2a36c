import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, residentCookie, type Session } from '../../../test/api-client.ts';
import { actorNamed, movableClock, personIn, RecordingSms, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { ComplaintsService } from '../complaints/index.ts';

/**
 * Attacks on the residents' look-ups (issue 15): a case number is sequential and an ID tail has
 * 10,000 values, so both used to be guessable. Now a case is named by its number and the random
 * query code on its receipt, failures are limited per address and per case, and a review is its
 * applicant's, once.
 */
let app: App;
let api: ApiClient;
let clerk: Session;
const sms = new RecordingSms();
const time = movableClock('2026-09-30');

beforeAll(async () => {
  app = await testApp({ clock: time.clock, sms });
  api = await ApiClient.create(app);
  clerk = await api.login('clerk');
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

let nextPerson = 0;
/** A case accepted at the window: its number, query code and receipt. */
async function acceptedCase() {
  const actor = await actorNamed(app, 'clerk');
  const person =
    (await app.db
      .selectFrom('persons')
      .select('id')
      .where('division_code', 'like', `${actor.divisionCode.slice(0, 9)}%`)
      .orderBy('id')
      .offset(nextPerson++)
      .limit(1)
      .executeTakeFirst()) ?? (await personIn(app, actor.divisionCode.slice(0, 9)));
  const opened = (
    await api.call(clerk, 'POST', '/api/v1/cases', {
      typeCode: 'service_application',
      title: '残疾人证申领',
      subject: { type: 'person', id: person.id },
      fields: { item: '残疾人证申领' },
    })
  ).json();
  const accepted = (
    await api.call(clerk, 'POST', `/api/v1/cases/${opened.case.id}/actions/accept`, {
      expectedVersion: opened.case.version,
      opinion: '材料齐全，予以受理',
    })
  ).json();
  return {
    id: opened.case.id as string,
    number: opened.case.number as string,
    queryCode: accepted.case.queryCode as string,
    personId: person.id,
    documents: accepted.documents as Array<{ id: string; kind: string }>,
  };
}

/** A GET from a given client address (each test address also has its own per-minute route limit). */
const from = (ip: string, url: string, headers: Record<string, string> = {}) =>
  api.server.inject({ method: 'GET', url, remoteAddress: ip, headers });
const track = (ip: string, number: string, queryCode?: string, headers: Record<string, string> = {}) =>
  from(
    ip,
    `/api/v1/public/cases/track?number=${encodeURIComponent(number)}${queryCode !== undefined ? `&queryCode=${encodeURIComponent(queryCode)}` : ''}`,
    headers,
  );
/** A code that is well formed but not this case's. */
const wrongCode = (code: string) => (code === '22222222' ? '33333333' : '22222222');

describe('the query code', () => {
  it('is random per case, printed on the receipt, shown to staff on the case, and opens tracking with the number', async () => {
    const a = await acceptedCase();
    const b = await acceptedCase();
    expect(a.queryCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(a.queryCode).not.toBe(b.queryCode);
    const receipt = await app.db
      .selectFrom('documents')
      .select('content')
      .where('case_id', '=', a.id)
      .where('kind', '=', 'receipt')
      .executeTakeFirstOrThrow();
    expect((receipt.content as { lines: string[][] }).lines).toContainEqual([
      '查询码',
      `${a.queryCode.slice(0, 4)}-${a.queryCode.slice(4)}`,
    ]);
    // residents type it as they like
    const ok = await track(
      '198.51.100.1',
      a.number,
      `${a.queryCode.slice(0, 4).toLowerCase()} ${a.queryCode.slice(4)}`,
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ number: a.number, isOpen: true });
    expect(ok.body).not.toContain(a.queryCode);
  });

  it("refuses a guessed number without the code, with the old ID tail, or with another case's code — alike for an unknown number", async () => {
    const a = await acceptedCase();
    const b = await acceptedCase();
    const idNumber = app.cipher.decrypt(
      (
        await app.db
          .selectFrom('persons')
          .select('id_number_enc')
          .where('id', '=', a.personId)
          .executeTakeFirstOrThrow()
      ).id_number_enc,
    );
    // the number with the ID tail, as it used to work
    const oldWay = await from(
      '198.51.100.2',
      `/api/v1/public/cases/track?number=${a.number}&idTail=${idNumber.slice(-4)}`,
    );
    expect(oldWay.statusCode).toBe(400);
    expect(oldWay.headers['content-type']).toMatch(/problem\+json/);
    expect(oldWay.json()).toMatchObject({
      field: 'queryCode',
      message: expect.stringContaining('查询码'),
      messageEn: expect.stringContaining('query code'),
    });
    const malformed = await track('198.51.100.2', a.number, 'IIII0000');
    expect([malformed.statusCode, malformed.json().field]).toEqual([400, 'queryCode']);
    const crossed = await track('198.51.100.2', a.number, b.queryCode);
    const unknown = await track('198.51.100.2', 'SQ-1999-000001', a.queryCode);
    expect(crossed.statusCode).toBe(404);
    expect(crossed.json()).toEqual(unknown.json());
  });
});

describe('failed look-ups are limited', () => {
  it('per case: after 5 failures from anywhere in an hour, even the right code gets 429; an hour later it works', async () => {
    const c = await acceptedCase();
    for (let i = 0; i < 5; i++)
      expect((await track(`203.0.113.${10 + i}`, c.number, wrongCode(c.queryCode))).statusCode).toBe(404);
    const blocked = await track('203.0.113.20', c.number, wrongCode(c.queryCode));
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({
      code: 'too_many_lookups',
      message: expect.stringContaining('查询失败次数过多'),
      messageEn: expect.stringContaining('Too many'),
    });
    // the clock stands at 10:00 Beijing time: the hour's counts end in 3600 s
    expect([blocked.headers['retry-after'], blocked.json().retryAfterSeconds]).toEqual(['3600', 3600]);
    expect((await track('203.0.113.21', c.number, c.queryCode)).statusCode).toBe(429);
    // other cases are not affected
    const other = await acceptedCase();
    expect((await track('203.0.113.22', other.number, other.queryCode)).statusCode).toBe(200);
    time.set('2026-10-01');
    try {
      expect((await track('203.0.113.23', c.number, c.queryCode)).statusCode).toBe(200);
    } finally {
      time.set('2026-09-30');
    }
  });

  it('per case, atomically: of 12 guesses at once, exactly 5 are checked', async () => {
    const c = await acceptedCase();
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) => track(`203.0.113.${100 + i}`, c.number, wrongCode(c.queryCode))),
    );
    expect(replies.filter((r) => r.statusCode === 404)).toHaveLength(5);
    expect(replies.filter((r) => r.statusCode === 429)).toHaveLength(7);
  });

  it('per address: 20 failures over many numbers, then 429 for that address (an IPv6 /64 counts as one), not for others', async () => {
    const c = await acceptedCase();
    const guesses = Array.from({ length: 20 }, (_, i) => `SQ-2026-${String(900000 + i)}`);
    // across the track and review look-ups alike, from addresses of one /64
    for (const [i, n] of guesses.entries()) {
      const ip = `2001:db8:1:2::${(i + 1).toString(16)}`;
      const r =
        i % 2
          ? await from(ip, `/api/v1/public/evaluations/status?number=${n}&queryCode=${c.queryCode}`)
          : await track(ip, n, c.queryCode);
      expect(r.statusCode).toBe(404);
    }
    const blocked = await track('2001:db8:1:2:ffff::1', c.number, c.queryCode);
    expect([blocked.statusCode, blocked.json().code]).toEqual([429, 'too_many_lookups']);
    expect((await track('2001:db8:1:3::1', c.number, c.queryCode)).statusCode).toBe(200);
  });
});

describe('the signed-in applicant', () => {
  it('follows her own case without the code; another resident cannot', async () => {
    const c = await acceptedCase();
    const phone = '13811112222';
    await app.db
      .updateTable('persons')
      .set({ phone_bidx: app.cipher.blindIndex(phone) })
      .where('id', '=', c.personId)
      .execute();
    const mine = await residentCookie(api, sms, phone);
    expect((await track('198.51.100.30', c.number, undefined, mine)).statusCode).toBe(200);
    const stranger = await residentCookie(api, sms, '13899998888');
    expect((await track('198.51.100.31', c.number, undefined, stranger)).statusCode).toBe(404);
  });

  it('follows her own complaint without the code; its 查询码 opens it to anyone she gives it', async () => {
    const village = (
      await app.db
        .selectFrom('divisions')
        .select('code')
        .where('level', '=', 5)
        .orderBy('code')
        .executeTakeFirstOrThrow()
    ).code;
    const phone = '13822223333';
    const filed = await new ComplaintsService(app.db, app.cases, app.cipher, app.caseTypes).registerPublic(
      {
        channel: 'portal',
        categoryCode: 'property.utilities.heating',
        divisionCode: village,
        description: '暖气片一直不热，已经一周了',
        complainant: { phone },
      },
      await app.calendar.get(),
      app.clock(),
    );
    const mine = await residentCookie(api, sms, phone);
    expect((await track('198.51.100.32', filed.number, undefined, mine)).statusCode).toBe(200);
    expect((await track('198.51.100.33', filed.number)).statusCode).toBe(400);
    const code = (
      await app.db.selectFrom('cases').select('query_code').where('id', '=', filed.id).executeTakeFirstOrThrow()
    ).query_code;
    expect((await track('198.51.100.33', filed.number, code)).statusCode).toBe(200);
  });
});

describe('好差评 by the applicant, once', () => {
  async function finished() {
    const c = await acceptedCase();
    const reviewer = await actorNamed(app, 'centrehead');
    const act = async (who: typeof reviewer, action: string, v: number, fields: Record<string, unknown> = {}) =>
      (await app.cases.act(who, c.id, action, { expectedVersion: v, fields, attachments: [], opinion: '同意' })).case
        .version;
    let v = await act(reviewer, 'review', 2, { recommendation: 'approve' });
    v = await act(reviewer, 'decide', v, { decision: 'approved' });
    await act(await actorNamed(app, 'clerk'), 'close', v);
    return c;
  }
  const review = (ip: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    api.server.inject({ method: 'POST', url: '/api/v1/public/evaluations', remoteAddress: ip, payload: body, headers });

  it("refuses a review of someone else's case: no code, the ID tail, another case's code, or another resident", async () => {
    const a = await finished();
    const b = await finished();
    const idNumber = app.cipher.decrypt(
      (
        await app.db
          .selectFrom('persons')
          .select('id_number_enc')
          .where('id', '=', a.personId)
          .executeTakeFirstOrThrow()
      ).id_number_enc,
    );
    expect(
      (
        await review('198.51.100.40', {
          number: a.number,
          idTail: idNumber.slice(-4),
          channel: 'online',
          level: 1,
          comment: '冒名差评',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await review('198.51.100.40', { number: a.number, queryCode: b.queryCode, level: 1, comment: '冒名差评' }))
        .statusCode,
    ).toBe(404);
    const stranger = await residentCookie(api, sms, '13877776666');
    expect(
      (await review('198.51.100.41', { number: a.number, level: 1, comment: '冒名差评' }, stranger)).statusCode,
    ).toBe(404);
    expect(await app.db.selectFrom('evaluations').select('id').where('case_id', '=', a.id).execute()).toEqual([]);
  });

  it("takes one review per case: a second one — again online, or on the window's pad — is refused", async () => {
    const c = await finished();
    const first = await review('198.51.100.50', { number: c.number, queryCode: c.queryCode, level: 4 });
    expect(first.statusCode).toBe(201);
    const again = await review('198.51.100.50', {
      number: c.number,
      queryCode: c.queryCode,
      level: 1,
      comment: '再评一次',
    });
    expect([again.statusCode, again.json().code]).toEqual([409, 'already_evaluated']);
    const pad = await api.call(
      clerk,
      'POST',
      '/api/v1/evaluations/on-site',
      { number: c.number, level: 1, comment: '窗口再评' },
      { 'x-csrf-token': clerk.csrfToken },
    );
    expect([pad.statusCode, pad.json().code]).toEqual([409, 'already_evaluated']);
    expect(
      await app.db.selectFrom('evaluations').select(['channel', 'level']).where('case_id', '=', c.id).execute(),
    ).toEqual([{ channel: 'online', level: 4 }]);
  });

  it("rates on site only in a clerk's session, and no code opens that channel from the internet", async () => {
    const c = await finished();
    // the pad's route lives behind the staff session (and its CSRF token), not under /public
    expect(
      (
        await api.server.inject({
          method: 'POST',
          url: '/api/v1/evaluations/on-site',
          remoteAddress: '198.51.100.60',
          payload: { number: c.number, level: 5 },
        })
      ).statusCode,
    ).toBe(401);
    const status = await api.call(clerk, 'GET', `/api/v1/evaluations/on-site?number=${c.number}`);
    expect(status.json()).toMatchObject({ number: c.number, finished: true, rated: false });
    const pad = await api.call(
      clerk,
      'POST',
      '/api/v1/evaluations/on-site',
      { number: c.number, level: 5, subScores: { attitude: 5 } },
      { 'x-csrf-token': clerk.csrfToken },
    );
    expect(pad.statusCode).toBe(201);
    const row = await app.db
      .selectFrom('evaluations')
      .select('channel')
      .where('case_id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.channel).toBe('onSite');
    const clerk2 = await api.login('clerk2');
    expect((await api.call(clerk2, 'GET', `/api/v1/evaluations/on-site?number=${c.number}`)).statusCode).toBe(404);
  });
});
