import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Session } from '../../test/api-client.ts';
import { actorNamed, movableClock, personIn, testApp } from '../../test/helpers.ts';
import type { App } from '../compose.ts';

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

/** The problem+json body of every refusal: the house's code, and the message in Chinese and in English. */
interface Problem {
  status: number;
  code: string;
  message: string;
  messageEn: string;
  errors?: Array<{ field: string }>;
}

const expectProblem = (
  res: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  status: number,
  code: string,
) => {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  const body = res.json() as Problem;
  expect(body).toMatchObject({ status, code, message: expect.any(String), messageEn: expect.any(String) });
  expect(body.message).toMatch(/[\u4e00-\u9fff]/);
  return body;
};

async function openCase(session: Session, key?: string) {
  const actor = await actorNamed(app, session.username);
  const subject = await personIn(app, actor.divisionCode.slice(0, 9));
  return api.call(
    session,
    'POST',
    '/api/v1/cases',
    {
      typeCode: 'service_application',
      title: '残疾人证申领',
      subject: { type: 'person', id: subject.id },
      fields: { item: '残疾人证申领' },
    },
    key ? { 'idempotency-key': key } : {},
  );
}

describe('HTTP API', () => {
  it('serves health, readiness and the OpenAPI 3.1 document', async () => {
    expect((await api.call(undefined, 'GET', '/healthz')).statusCode).toBe(200);
    expect((await api.call(undefined, 'GET', '/readyz')).json()).toEqual({ status: 'ready' });
    const doc = (await api.call(undefined, 'GET', '/api/docs/json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/cases', '/api/v1/cases/{id}/actions/{action}', '/api/v1/persons']),
    );
  });

  it('answers without a session with 401 problem+json', async () => {
    expectProblem(await api.call(undefined, 'GET', '/api/v1/cases'), 401, 'unauthenticated');
  });

  it('names the bad field of an invalid body', async () => {
    const body = expectProblem(
      await api.call(clerk, 'POST', '/api/v1/cases', {
        typeCode: 'service_application',
        subject: { type: 'person', id: 'nope' },
      }),
      400,
      'validation_failed',
    );
    expect(body.errors?.map((e) => e.field)).toEqual(expect.arrayContaining(['body.title', 'body.subject.id']));
  });

  it('refuses bodies over the limit', async () => {
    const res = await api.call(clerk, 'POST', '/api/v1/cases', { typeCode: 'x'.repeat(2 * 1024 * 1024) });
    expectProblem(res, 413, 'body_too_large');
  });

  it('requires the CSRF token with the cookie session', async () => {
    const login = await api.server.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'clerk2', password: 'Demo@2026pass' },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const { csrfToken } = login.json();
    const get = await api.server.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie } });
    expect(get.statusCode).toBe(200);
    const noToken = await api.server.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expectProblem(noToken, 403, 'csrf_failed');
    const withToken = await api.server.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(withToken.statusCode).toBe(200);
    expectProblem(
      await api.server.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie } }),
      401,
      'unauthenticated',
    );
  });

  it('backs an account off after 5 wrong passwords, with the reply of a wrong password, and alerts', async () => {
    for (let i = 0; i < 5; i++)
      expectProblem(
        await api.call(undefined, 'POST', '/api/v1/auth/login', { username: 'community', password: 'wrong-password' }),
        401,
        'invalid_credentials',
      );
    expectProblem(
      await api.call(undefined, 'POST', '/api/v1/auth/login', { username: 'community', password: 'Demo@2026pass' }),
      401,
      'invalid_credentials',
    );
    const audit = await app.db.selectFrom('audit_log').select('action').where('actor_name', '=', 'community').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['auth.login_failed', 'auth.backoff']));
  });

  it('makes administrators enrol a second factor before anything else', async () => {
    const res = (
      await api.call(undefined, 'POST', '/api/v1/auth/login', { username: 'auditor', password: 'Demo@2026pass' })
    ).json();
    expect(res.secondFactorRequired).toBe(true);
    expectProblem(
      await api.call({ token: res.token, csrfToken: '', username: 'auditor' }, 'GET', '/api/v1/audit/verify'),
      403,
      'second_factor_required',
    );
    const auditor = await api.login('auditor');
    expect((await api.call(auditor, 'GET', '/api/v1/audit/verify')).json()).toMatchObject({ ok: true });
    // next time the code is needed at login
    expectProblem(
      await api.call(undefined, 'POST', '/api/v1/auth/login', { username: 'auditor', password: 'Demo@2026pass' }),
      401,
      'totp_required',
    );
  });

  it('takes a case from the window to a printed receipt anyone can verify', async () => {
    time.set('2026-09-30');
    const opened = await openCase(clerk);
    expect(opened.statusCode).toBe(201);
    const c = opened.json().case;
    const accepted = await api.call(clerk, 'POST', `/api/v1/cases/${c.id}/actions/accept`, { expectedVersion: 1 });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().case.dueDate).toBe('2026-10-13');
    const doc = accepted.json().documents[0];
    const pdf = await api.call(clerk, 'GET', `/api/v1/documents/${doc.id}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const verified = await api.call(undefined, 'GET', `/api/v1/public/documents/verify/${doc.verificationCode}`);
    expect(verified.json()).toMatchObject({
      number: doc.number,
      title: '受理回执',
      caseNumber: c.number,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expectProblem(
      await api.call(undefined, 'GET', '/api/v1/public/documents/verify/AAAA-BBBB-CCCC'),
      404,
      'document_not_found',
    );
    const detail = (await api.call(clerk, 'GET', `/api/v1/cases/${c.id}`)).json();
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(['open', 'accept']);
    expect(detail.clockExplanation[0].text).toMatch(/2026-10-13/);
  });

  it('returns the first result for a retried open with the same Idempotency-Key', async () => {
    const a = await openCase(clerk, 'retry-key-123456');
    const b = await openCase(clerk, 'retry-key-123456');
    expect(b.json().case.id).toBe(a.json().case.id);
  });

  it('pages work lists by keyset, due first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    const due: string[] = [];
    do {
      const res = await api.call(
        clerk,
        'GET',
        `/api/v1/cases?list=department&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const page = res.json();
      seen.push(...page.items.map((i: { id: string }) => i.id));
      due.push(...page.items.map((i: { dueDate: string | null }) => i.dueDate ?? '9999-12-31'));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThan(3);
    expect(due).toEqual([...due].sort());
    expectProblem(await api.call(clerk, 'GET', '/api/v1/cases?cursor=bogus'), 400, 'invalid_cursor');
  });

  it('exports a work list as XLSX and as CSV with a BOM, and audits the export', async () => {
    const xlsx = await api.call(clerk, 'GET', '/api/v1/cases/export?list=department&format=xlsx');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const csv = await api.call(clerk, 'GET', '/api/v1/cases/export?list=department&format=csv');
    expect(csv.body.startsWith('\uFEFF办件编号')).toBe(true);
    expect(
      (await app.db.selectFrom('audit_log').select('seq').where('action', '=', 'case.export').execute()).length,
    ).toBe(2);
  });

  it('shows ID numbers masked, reveals them only with the permission, and audits each reveal', async () => {
    const registrar = await api.login('registrar');
    const list = (await api.call(clerk, 'GET', '/api/v1/persons?name=%E7%8E%8B')).json();
    expect(list.length).toBeGreaterThan(0);
    for (const p of list) expect(p.idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expectProblem(
      await api.call(clerk, 'POST', `/api/v1/persons/${list[0].id}/reveal`, { reason: '核对身份' }),
      403,
      'forbidden',
    );
    const revealed = (
      await api.call(registrar, 'POST', `/api/v1/persons/${list[0].id}/reveal`, { reason: '核对身份' })
    ).json();
    expect(revealed.idNumber).toMatch(/^\d{17}[\dX]$/);
    const byId = (await api.call(clerk, 'GET', `/api/v1/persons?idNumber=${revealed.idNumber}`)).json();
    expect(byId.map((p: { id: string }) => p.id)).toEqual([list[0].id]);
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['actor_name', 'details'])
      .where('action', '=', 'person.reveal')
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({ actor_name: 'registrar', details: expect.objectContaining({ reason: '核对身份' }) }),
    ]);
  });
  it('lets the security administrator grant roles, never two administrator roles to one account nor to herself', async () => {
    const secadmin = await api.login('secadmin');
    const id = async (u: string) =>
      (await app.db.selectFrom('users').select('id').where('username', '=', u).executeTakeFirstOrThrow()).id;
    expectProblem(
      await api.call(secadmin, 'POST', `/api/v1/users/${await id('sysadmin')}/roles`, {
        role: 'audit_admin',
        scope: 'all',
      }),
      409,
      'separation_of_duties',
    );
    expectProblem(
      await api.call(secadmin, 'POST', `/api/v1/users/${await id('secadmin')}/roles`, {
        role: 'reviewer',
        scope: 'all',
      }),
      403,
      'self_grant',
    );
    expect(
      (
        await api.call(secadmin, 'POST', `/api/v1/users/${await id('clerk2')}/roles`, {
          role: 'supervisor',
          scope: 'all',
        })
      ).statusCode,
    ).toBe(200);
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['actor_name', 'details'])
      .where('action', '=', 'role.grant')
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({ actor_name: 'secadmin', details: { role: 'supervisor', scope: 'all' } }),
    ]);
  });

  // last: it spends this client's login budget
  it('limits login attempts per client', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 25; i++)
      codes.push(
        (await api.call(undefined, 'POST', '/api/v1/auth/login', { username: 'nobody', password: 'x' })).statusCode,
      );
    expect(codes).toContain(429);
    expect(
      (await api.call(undefined, 'POST', '/api/v1/auth/login', { username: 'nobody', password: 'x' })).json(),
    ).toMatchObject({ code: 'rate_limited' });
    expect(codes.indexOf(429)).toBeGreaterThan(5);
  });
});
