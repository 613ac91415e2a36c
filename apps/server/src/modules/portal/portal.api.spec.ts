import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Session } from '../../../test/api-client.ts';
import { actorNamed, movableClock, personIn, RecordingSms, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';

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

async function openAndAccept() {
  const actor = await actorNamed(app, 'clerk');
  const person = await personIn(app, actor.divisionCode.slice(0, 9));
  const opened = (
    await api.call(clerk, 'POST', '/api/v1/cases', {
      typeCode: 'service_application',
      title: '残疾人证申领',
      subject: { type: 'person', id: person.id },
      fields: { item: '残疾人证申领' },
    })
  ).json();
  const accepted = await api.call(clerk, 'POST', `/api/v1/cases/${opened.case.id}/actions/accept`, {
    expectedVersion: opened.case.version,
    opinion: '材料齐全，予以受理',
  });
  expect(accepted.statusCode).toBe(200);
  const enc = await app.db
    .selectFrom('persons')
    .select(['id_number_enc', 'name'])
    .where('id', '=', person.id)
    .executeTakeFirstOrThrow();
  return {
    number: opened.case.number as string,
    queryCode: accepted.json().case.queryCode as string,
    idNumber: app.cipher.decrypt(enc.id_number_enc),
    name: enc.name,
  };
}

describe('public case tracking', () => {
  it('shows the steps and the due date to whoever holds the number and the query code, and nothing personal', async () => {
    const c = await openAndAccept();
    const res = await api.call(
      undefined,
      'GET',
      `/api/v1/public/cases/track?number=${encodeURIComponent(c.number)}&queryCode=${c.queryCode}`,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ number: c.number, isOpen: true, dueDate: expect.stringMatching(/^2026-10-\d\d$/) });
    expect(body.steps.map((s: { label: string }) => s.label)).toEqual(['接件', '受理']);
    expect(body.steps[1].department).toMatch(/便民服务中心/);
    // neither the applicant nor the clerk nor the opinion appear
    expect(res.body).not.toContain(c.name);
    expect(res.body).not.toContain(c.idNumber);
    expect(res.body).not.toContain('王丽');
    expect(res.body).not.toContain('材料齐全');
  });

  it('answers a wrong query code exactly like an unknown number', async () => {
    const c = await openAndAccept();
    const wrongCode = c.queryCode === '22222222' ? '33333333' : '22222222';
    const wrong = await api.call(
      undefined,
      'GET',
      `/api/v1/public/cases/track?number=${encodeURIComponent(c.number)}&queryCode=${wrongCode}`,
    );
    const unknown = await api.call(
      undefined,
      'GET',
      `/api/v1/public/cases/track?number=NOPE-2026-000001&queryCode=${c.queryCode}`,
    );
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json()).toEqual(unknown.json());
    const malformed = await api.call(
      undefined,
      'GET',
      `/api/v1/public/cases/track?number=${encodeURIComponent(c.number)}&queryCode=12`,
    );
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().field).toBe('queryCode');
  });
});

describe('department directory', () => {
  it('lists the county and each township with address, phone and hours', async () => {
    const dir = (await api.call(undefined, 'GET', '/api/v1/public/departments')).json();
    expect(dir[0]).toMatchObject({ divisionName: '河津市', level: 3 });
    expect(dir[0].departments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: '河津市民政局',
          phone: '0359-5022101',
          address: expect.stringContaining('河津市'),
          hours: expect.stringContaining('周一至周五'),
        }),
      ]),
    );
    const townships = dir.filter((g: { level: number }) => g.level === 4);
    expect(townships.length).toBeGreaterThanOrEqual(3);
    for (const t of townships)
      expect(t.departments.some((d: { name: string }) => d.name.endsWith('便民服务中心'))).toBe(true);
  });
});

describe('resident sign-in by phone and one-time code', () => {
  const phone = '13912345678';

  it('refuses a malformed number, naming the field', async () => {
    const res = await api.call(undefined, 'POST', '/api/v1/public/resident/code', { phone: '12345' });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('phone');
  });

  it('sends a code, refuses a second within a minute, signs in with the right code once', async () => {
    expect((await api.call(undefined, 'POST', '/api/v1/public/resident/code', { phone })).json()).toEqual({
      sent: true,
    });
    expect(sms.sent.at(-1)!.phone).toBe(phone);
    expect((await api.call(undefined, 'POST', '/api/v1/public/resident/code', { phone })).statusCode).toBe(429);
    const code = sms.lastCode();
    const ok = await api.call(undefined, 'POST', '/api/v1/public/resident/session', { phone, code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ phone: '139****5678' });
    const cookie = ok.cookies.find((c) => c.name === 'gr_resident')!;
    expect(cookie.httpOnly).toBe(true);
    const me = await api.call(undefined, 'GET', '/api/v1/public/resident/me', undefined, {
      cookie: `gr_resident=${cookie.value}`,
    });
    expect(me.json()).toMatchObject({ phone: '139****5678' });
    // a code signs in once
    expect((await api.call(undefined, 'POST', '/api/v1/public/resident/session', { phone, code })).statusCode).toBe(
      401,
    );
    await api.call(undefined, 'DELETE', '/api/v1/public/resident/session', undefined, {
      cookie: `gr_resident=${cookie.value}`,
    });
    expect(
      (
        await api.call(undefined, 'GET', '/api/v1/public/resident/me', undefined, {
          cookie: `gr_resident=${cookie.value}`,
        })
      ).statusCode,
    ).toBe(401);
  });

  it('ends a code after five wrong guesses, even for the right one', async () => {
    const other = '13700001111';
    await api.call(undefined, 'POST', '/api/v1/public/resident/code', { phone: other });
    const code = sms.lastCode();
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++)
      expect(
        (await api.call(undefined, 'POST', '/api/v1/public/resident/session', { phone: other, code: wrong })).json()
          .code,
      ).toBe('code_invalid');
    expect(
      (await api.call(undefined, 'POST', '/api/v1/public/resident/session', { phone: other, code })).statusCode,
    ).toBe(401);
  });

  it('expires a code (five minutes)', async () => {
    const third = '13600002222';
    await api.call(undefined, 'POST', '/api/v1/public/resident/code', { phone: third });
    const code = sms.lastCode();
    time.set('2026-10-01');
    try {
      expect(
        (await api.call(undefined, 'POST', '/api/v1/public/resident/session', { phone: third, code })).json().code,
      ).toBe('code_invalid');
    } finally {
      time.set('2026-09-30');
    }
  });
});
