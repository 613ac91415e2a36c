import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Session } from '../../test/api-client.ts';
import { actorNamed, movableClock, personIn, testApp } from '../../test/helpers.ts';
import type { App } from '../compose.ts';

/** The API the console needs beyond the core: who am I, password change, filtered lists, dashboard, import wizard. */
let app: App;
let api: ApiClient;
let clerk: Session;
const time = movableClock('2026-09-30');

beforeAll(async () => {
  app = await testApp({ clock: time.clock });
  api = await ApiClient.create(app);
  clerk = await api.login('clerk');
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

async function open(session: Session, title: string) {
  const actor = await actorNamed(app, session.username);
  const person = await personIn(app, actor.divisionCode.slice(0, 9));
  const res = await api.call(session, 'POST', '/api/v1/cases', {
    typeCode: 'service_application',
    title,
    subject: { type: 'person', id: person.id },
    fields: { item: title },
  });
  expect(res.statusCode).toBe(201);
  return res.json().case;
}

describe('who am I', () => {
  it('names the department and jurisdiction, lists the permissions and hands the console its CSRF token', async () => {
    const me = (await api.call(clerk, 'GET', '/api/v1/auth/me')).json();
    expect(me).toMatchObject({
      username: 'clerk',
      departmentName: expect.stringMatching(/便民服务中心$/),
      divisionName: expect.any(String),
      csrfToken: clerk.csrfToken,
      secondFactorRequired: false,
    });
    expect(me.permissions).toEqual(expect.arrayContaining(['case.open', 'case.act']));
    expect(me.permissions).not.toContain('person.reveal');
  });
});

describe('password change', () => {
  it('checks the current password and the policy, then ends the other sessions', async () => {
    const a = await api.login('clerk2');
    const b = await api.login('clerk2');
    const wrong = await api.call(a, 'POST', '/api/v1/auth/password', {
      currentPassword: 'nope',
      newPassword: 'Another@2026pass',
    });
    expect([wrong.statusCode, wrong.json().field]).toEqual([400, 'currentPassword']);
    const weak = await api.call(a, 'POST', '/api/v1/auth/password', {
      currentPassword: 'Demo@2026pass',
      newPassword: 'short',
    });
    expect([weak.statusCode, weak.json().field]).toEqual([400, 'newPassword']);
    expect(
      (
        await api.call(a, 'POST', '/api/v1/auth/password', {
          currentPassword: 'Demo@2026pass',
          newPassword: 'Another@2026pass',
        })
      ).statusCode,
    ).toBe(200);
    expect((await api.call(a, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await api.call(b, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    await expect(api.login('clerk2')).rejects.toThrow(/401/);
    await api.login('clerk2', 'Another@2026pass');
  });
});

describe('work list filters and sorting', () => {
  it('filters by type, status, division and opening date, and sorts newest first with a working cursor', async () => {
    time.set('2026-09-29');
    const c1 = await open(clerk, '筛选一');
    time.set('2026-09-30');
    const c2 = await open(clerk, '筛选二');
    await api.call(clerk, 'POST', `/api/v1/cases/${c2.id}/actions/accept`, { expectedVersion: c2.version });
    const list = async (q: string) => (await api.call(clerk, 'GET', `/api/v1/cases?list=department&${q}`)).json();
    const received = await list('status=received&limit=200');
    expect(received.items.map((i: { id: string }) => i.id)).toContain(c1.id);
    expect(received.items.map((i: { id: string }) => i.id)).not.toContain(c2.id);
    expect((await list('type=nothing')).items).toEqual([]);
    const actor = await actorNamed(app, 'clerk');
    expect((await list(`division=${actor.divisionCode}&limit=200`)).items.map((i: { id: string }) => i.id)).toEqual(
      expect.arrayContaining([c1.id, c2.id]),
    );
    const otherTownship = (await actorNamed(app, 'clerk2')).divisionCode;
    expect((await list(`division=${otherTownship}&limit=200`)).items).toEqual([]);
    expect((await list('openedTo=2020-01-01')).items).toEqual([]);
    const onDay = (await list('openedFrom=2026-09-29&openedTo=2026-09-29&limit=200')).items.map(
      (i: { id: string }) => i.id,
    );
    expect(onDay).toContain(c1.id);
    expect(onDay).not.toContain(c2.id);
    const window = 'openedFrom=2026-09-29&openedTo=2026-09-30&sort=opened&limit=1';
    const first = await list(window);
    expect(first.items[0].id).toBe(c2.id);
    const second = await list(`${window}&cursor=${first.nextCursor}`);
    expect(second.items[0].id).toBe(c1.id);
  });
});

describe('dashboard', () => {
  it('counts open cases by status within the jurisdiction, as the work list does', async () => {
    await open(clerk, '统计');
    const stats = (await api.call(clerk, 'GET', '/api/v1/dashboard/cases')).json();
    const all: Array<{ status: string }> = [];
    let cursor = '';
    do {
      const page = (
        await api.call(clerk, 'GET', `/api/v1/cases?list=all&limit=200${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      all.push(...page.items);
      cursor = page.nextCursor ?? '';
    } while (cursor);
    const total = stats.openByStatus.reduce((n: number, r: { count: number }) => n + r.count, 0);
    expect(total).toBe(all.length);
    expect(stats.openByStatus.find((r: { status: string }) => r.status === 'received')).toMatchObject({
      statusLabel: expect.any(String),
    });
    // six months up to the business day's, each present even when empty; cases opened today count in September
    expect(stats.overdueByMonth.map((m: { month: string }) => m.month)).toEqual([
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
    ]);
    expect(stats.overdueByMonth[0]).toEqual({ month: '2026-04', opened: 0, overdue: 0 });
    expect(stats.overdueByMonth[5].opened).toBeGreaterThanOrEqual(1);
  });
});

describe('import wizard', () => {
  const multipart = (fields: Record<string, string>, csv: string) => {
    const boundary = '----wiz';
    const parts = Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('');
    return {
      body: `${parts}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="people.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    };
  };

  it("previews the first rows with a suggested mapping, then imports with the operator's mapping", async () => {
    const registrar = await api.login('registrar');
    const village = (await actorNamed(app, 'community')).divisionCode;
    const csv = `证件号,名字,村代码,备注\r\n110101199003070011,预览甲,${village},x\r\n110101199003070038,预览乙,${village},y`;
    const p = multipart({}, csv);
    const preview = (await api.call(registrar, 'POST', '/api/v1/imports/persons/preview', p.body, p.headers)).json();
    expect(preview.header).toEqual(['证件号', '名字', '村代码', '备注']);
    expect(preview.rows.map((r: { line: number }) => r.line)).toEqual([2, 3]);
    expect(preview.suggested).toEqual(['', '', '', '']);
    expect(preview.fields).toEqual(expect.arrayContaining(['idNumber', 'name', 'divisionCode']));
    const unmapped = await api.call(registrar, 'POST', '/api/v1/imports/persons', p.body, p.headers);
    expect([unmapped.statusCode, unmapped.json().code]).toEqual([400, 'missing_column']);
    const m = multipart(
      { mapping: JSON.stringify({ 证件号: 'idNumber', 名字: 'name', 村代码: 'divisionCode', 备注: '' }) },
      csv,
    );
    const done = await api.call(registrar, 'POST', '/api/v1/imports/persons', m.body, m.headers);
    expect(done.statusCode).toBe(201);
    expect(done.json()).toMatchObject({ status: 'applied', inserted: 2 });
    const bad = multipart({ mapping: '{not json' }, csv);
    expect((await api.call(registrar, 'POST', '/api/v1/imports/persons', bad.body, bad.headers)).json().field).toBe(
      'mapping',
    );
  });
});
