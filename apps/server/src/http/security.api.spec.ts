import { sql } from 'kysely';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/helpers.ts';
import type { App } from '../compose.ts';
import { newTotpSecret, totpCode } from '../core/auth/totp.ts';
import { DEMO_PASSWORD } from '../demo/demo.seed.ts';
import { buildServer, type Server } from './server.ts';

let app: App;
let server: Server;
const logLines: string[] = [];

beforeAll(async () => {
  app = await testApp();
  const stream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  server = await buildServer(app, { logger: { level: 'info', stream } });
});
afterAll(async () => {
  await server?.close();
  await app?.close();
});

const login = (username: string) =>
  server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });

describe('security basics', () => {
  it('sends the security headers', async () => {
    const res = await server.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('sets the session cookie HttpOnly, Secure and SameSite=Strict', async () => {
    const cookie = String((await login('clerk')).headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('writes no ID number, phone, password or token to the logs', async () => {
    const res = (await login('registrar')).json();
    const auth = { authorization: `Bearer ${res.token}` };
    const list = (
      await server.inject({ method: 'GET', url: '/api/v1/persons?name=%E7%8E%8B&limit=5', headers: auth })
    ).json();
    const revealed = (
      await server.inject({
        method: 'POST',
        url: `/api/v1/persons/${list[0].id}/reveal`,
        headers: auth,
        payload: { reason: '日志检查' },
      })
    ).json();
    await server.inject({ method: 'GET', url: `/api/v1/persons?idNumber=${revealed.idNumber}`, headers: auth });
    await server.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'registrar', password: 'Wrong#Password1' },
    });
    const text = logLines.join('');
    expect(logLines.length).toBeGreaterThan(5);
    for (const secret of [
      revealed.idNumber,
      revealed.phone,
      DEMO_PASSWORD,
      'Wrong#Password1',
      res.token,
      res.csrfToken,
    ]) {
      if (secret) expect(text).not.toContain(secret);
    }
    expect(text).toContain('/api/v1/persons');
  });
});

const loginFrom = (
  srv: Server,
  remoteAddress: string,
  forwardedFor: string | undefined,
  username = 'nobody',
  password = 'Wrong#pass2026',
) =>
  srv.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress,
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    payload: { username, password },
  });
const lastAudit = (username: string) =>
  app.db
    .selectFrom('audit_log')
    .select(['ip', 'socket_ip'])
    .where('actor_name', '=', username)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();

/** The audit log as CSV, fetched by the audit administrator (enrolling the second factor on the way). */
async function buildCsvAsAuditor(srv: Server) {
  const { token } = (
    await srv.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '198.51.100.90',
      payload: { username: 'auditor', password: DEMO_PASSWORD },
    })
  ).json();
  const headers = { authorization: `Bearer ${token}` };
  const { secret } = (
    await srv.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/begin',
      headers,
      payload: { currentPassword: DEMO_PASSWORD },
    })
  ).json();
  await srv.inject({ method: 'POST', url: '/api/v1/auth/totp/confirm', headers, payload: { code: totpCode(secret) } });
  return (
    await srv.inject({ method: 'GET', url: '/api/v1/audit?format=csv&action=auth.login_failed&limit=50', headers })
  ).body;
}

describe('client addresses (X-Forwarded-For)', () => {
  it('trusts no proxy by default: a forged X-Forwarded-For neither resets the login limit nor reaches the audit log', async () => {
    const statuses: number[] = [];
    // a fresh forged address on every attempt: with every proxy trusted, each looked like a new client
    for (let i = 0; i < 21; i++)
      statuses.push((await loginFrom(server, '198.51.100.20', `10.9.${i}.1`, 'forger')).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect(await lastAudit('forger')).toEqual({ ip: '198.51.100.20', socket_ip: '198.51.100.20' });
  });

  it('believes the header only from a configured proxy, and records that proxy as the socket address', async () => {
    const proxied = await buildServer({
      ...app,
      config: { ...app.config, GRASSROOTS_TRUSTED_PROXIES: ['10.0.0.5', '10.1.0.0/16'] },
    });
    try {
      // nginx appends the real client to what the client sent: the rightmost untrusted address counts
      expect((await loginFrom(proxied, '10.0.0.5', '6.6.6.6, 203.0.113.50', 'viaproxy')).statusCode).toBe(401);
      expect(await lastAudit('viaproxy')).toEqual({ ip: '203.0.113.50', socket_ip: '10.0.0.5' });
      // and the audit administrator's export carries both
      const csv = await buildCsvAsAuditor(proxied);
      expect(csv).toMatch(/viaproxy,auth\.login_failed,,,203\.0\.113\.50,10\.0\.0\.5,/);
      // the limit follows the client behind the proxy, not the proxy
      for (let i = 0; i < 19; i++) await loginFrom(proxied, '10.1.2.3', '203.0.113.50', 'viaproxy');
      expect((await loginFrom(proxied, '10.0.0.5', '203.0.113.50', 'viaproxy')).statusCode).toBe(429);
      expect((await loginFrom(proxied, '10.0.0.5', '203.0.113.51', 'viaproxy')).statusCode).toBe(401);
      // the same header from an address that is not a listed proxy is ignored
      expect((await loginFrom(proxied, '198.51.100.30', '203.0.113.52', 'notproxy')).statusCode).toBe(401);
      expect(await lastAudit('notproxy')).toEqual({ ip: '198.51.100.30', socket_ip: '198.51.100.30' });
    } finally {
      await proxied.close();
    }
  });

  it('refuses a proxy list that is not addresses or CIDRs at start', async () => {
    const { loadConfig } = await import('../core/config.ts');
    expect(() => loadConfig({ GRASSROOTS_TRUSTED_PROXIES: '10.0.0.5, everyone' } as NodeJS.ProcessEnv)).toThrow(
      /not an address or CIDR: everyone/,
    );
    expect(
      loadConfig({ GRASSROOTS_TRUSTED_PROXIES: '10.0.0.5, 10.1.0.0/16, ::1' } as NodeJS.ProcessEnv)
        .GRASSROOTS_TRUSTED_PROXIES,
    ).toEqual(['10.0.0.5', '10.1.0.0/16', '::1']);
  });
});

describe('sessions and re-binding the second factor', () => {
  /** the registry officer with a bound authenticator, signed in from a fresh address */
  async function signedInWithTotp() {
    const secret = newTotpSecret();
    await app.db
      .updateTable('users')
      .set({ totp_secret: secret, totp_enabled: true, totp_last_step: null, failed_logins: 0, locked_until: null })
      .where('username', '=', 'payer')
      .execute();
    const res = await server.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '198.51.100.40',
      payload: { username: 'payer', password: DEMO_PASSWORD, totp: totpCode(secret) },
    });
    expect(res.statusCode).toBe(200);
    return { secret, headers: { authorization: `Bearer ${res.json().token}` } };
  }
  const begin = (headers: Record<string, string>, payload: object) =>
    server.inject({ method: 'POST', url: '/api/v1/auth/totp/begin', headers, remoteAddress: '198.51.100.40', payload });

  it('ends a busy session at its absolute lifetime (12 hours)', async () => {
    const { token } = (await login('supervisor')).json();
    const me = () =>
      server.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    await sql`UPDATE sessions SET created_at = now() - interval '12 hours 1 minute', last_seen_at = now()`.execute(
      app.db,
    );
    expect((await me()).statusCode).toBe(401);
  });

  it('does not let a session re-bind the second factor without the password and the current code', async () => {
    const { secret, headers } = await signedInWithTotp();
    const noPassword = await begin(headers, {});
    expect(noPassword.statusCode).toBe(400);
    expect(noPassword.json()).toMatchObject({
      field: 'body.currentPassword',
      message: expect.any(String),
      messageEn: expect.any(String),
    });
    expect((await begin(headers, { currentPassword: 'Wrong#pass2026' })).json()).toMatchObject({
      code: 'wrong_password',
      field: 'currentPassword',
    });
    expect((await begin(headers, { currentPassword: DEMO_PASSWORD })).json()).toMatchObject({
      code: 'totp_required',
      field: 'code',
    });
    expect((await begin(headers, { currentPassword: DEMO_PASSWORD, code: '000000' })).json()).toMatchObject({
      code: 'totp_invalid',
      field: 'code',
    });
    // nothing was stored: no new secret waits, the bound one is unchanged
    const before = await app.db
      .selectFrom('users')
      .select(['totp_secret', 'totp_pending_secret', 'totp_enabled'])
      .where('username', '=', 'payer')
      .executeTakeFirstOrThrow();
    expect(before).toEqual({ totp_secret: secret, totp_pending_secret: null, totp_enabled: true });
    const ok = await begin(headers, { currentPassword: DEMO_PASSWORD, code: totpCode(secret, Date.now() + 30_000) });
    expect(ok.statusCode).toBe(200);
    // the old factor stays in force until the new one is confirmed
    expect(
      await app.db
        .selectFrom('users')
        .select(['totp_secret', 'totp_enabled'])
        .where('username', '=', 'payer')
        .executeTakeFirstOrThrow(),
    ).toEqual({ totp_secret: secret, totp_enabled: true });
    const confirm = await server.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/confirm',
      headers,
      payload: { code: totpCode(ok.json().secret) },
    });
    expect(confirm.statusCode).toBe(200);
    expect(
      (await app.db.selectFrom('users').select('totp_secret').where('username', '=', 'payer').executeTakeFirstOrThrow())
        .totp_secret,
    ).toBe(ok.json().secret);
  });
});

describe('security alerts', () => {
  it('shows the security administrator that an account backs off, and nobody else', async () => {
    for (let i = 0; i < 5; i++)
      await server.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '198.51.100.50',
        payload: { username: 'township', password: 'Wrong#pass2026' },
      });
    const { token } = (await login('secadmin')).json();
    // the administrator's session is limited to enrolling its second factor until it has one
    const headers = { authorization: `Bearer ${token}` };
    const { secret } = (
      await server.inject({
        method: 'POST',
        url: '/api/v1/auth/totp/begin',
        headers,
        payload: { currentPassword: DEMO_PASSWORD },
      })
    ).json();
    expect(
      (
        await server.inject({
          method: 'POST',
          url: '/api/v1/auth/totp/confirm',
          headers,
          payload: { code: totpCode(secret) },
        })
      ).statusCode,
    ).toBe(200);
    const alerts = await server.inject({ method: 'GET', url: '/api/v1/security/alerts', headers });
    expect(alerts.json()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'auth.backoff',
          actor_name: 'township',
          ip: '198.51.100.50',
          socket_ip: '198.51.100.50',
        }),
      ]),
    );
    const clerk = (await login('clerk')).json();
    expect(
      (
        await server.inject({
          method: 'GET',
          url: '/api/v1/security/alerts',
          headers: { authorization: `Bearer ${clerk.token}` },
        })
      ).statusCode,
    ).toBe(403);
  });
});
