import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { AuthService, DEFAULT_AUTH_POLICY } from './auth.service.ts';
import { verifyPassword } from './password.ts';
import { newTotpSecret, totpCode } from './totp.ts';

// the real Argon2 verification, watched: every reply must cost one, whatever the account's state
vi.mock('./password.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('./password.ts')>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

/**
 * The attacks on sign-in (issue 15), performed against the service on the real database: concurrent
 * guessing, guessing to lock an administrator out, telling existing usernames from the reply or the
 * time taken, replaying a one-time code, guessing one-time codes, keeping a stolen session alive.
 */
let app: App;
let n = 0;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app?.close());

const PASSWORD = 'Hardening#2026x';
/** A fresh account for each test, so no test sees another's failures. */
async function freshUser(roles: Array<{ role: string; scope: 'department' | 'subtree' | 'all' }> = []) {
  const username = `hard${++n}`;
  const { id } = await app.users.create({
    username,
    displayName: username,
    departmentCode: '140882-XXZX',
    password: PASSWORD,
    roles,
  });
  return { id, username };
}
const row = (id: string) =>
  app.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('id', '=', id).executeTakeFirstOrThrow();
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: { status: number; code: string; messageZh: string; messageEn: string }) => ({
      status: e.status,
      code: e.code,
      messageZh: e.messageZh,
      messageEn: e.messageEn,
    }),
  );
const auditOf = (action: string, username: string) =>
  app.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('actor_name', '=', username).execute();

describe('failed sign-ins are counted atomically', () => {
  it('counts 40 concurrent wrong passwords: the account backs off at exactly the threshold', async () => {
    const { id, username } = await freshUser();
    await Promise.all(
      Array.from({ length: 40 }, () =>
        app.auth.login({ username, password: 'Wrong#pass2026', ip: null }).catch(() => {}),
      ),
    );
    const r = await row(id);
    // read-then-write counted these as one; now each counts until the back-off starts, and none after
    expect(r.failed_logins).toBe(DEFAULT_AUTH_POLICY.maxFailures);
    expect(r.locked_until!.getTime()).toBeGreaterThan(Date.now());
  });

  it('does not back off one failure early: threshold − 1 concurrent failures leave the account usable', async () => {
    const { id, username } = await freshUser();
    await Promise.all(
      Array.from({ length: DEFAULT_AUTH_POLICY.maxFailures - 1 }, () =>
        app.auth.login({ username, password: 'Wrong#pass2026', ip: null }).catch(() => {}),
      ),
    );
    expect(await row(id)).toEqual({ failed_logins: DEFAULT_AUTH_POLICY.maxFailures - 1, locked_until: null });
    await app.auth.login({ username, password: 'Wrong#pass2026', ip: null }).catch(() => {});
    expect((await row(id)).locked_until).not.toBeNull();
  });
});

describe('back-off instead of an indefinite lock', () => {
  it('backs off for 1 minute at the threshold, doubling with each further failure, capped', async () => {
    const { id, username } = await freshUser();
    const fail = () => app.auth.login({ username, password: 'Wrong#pass2026', ip: null }).catch(() => {});
    const backoffSeconds = async () => ((await row(id)).locked_until!.getTime() - Date.now()) / 1000;
    for (let i = 0; i < DEFAULT_AUTH_POLICY.maxFailures; i++) await fail();
    expect(await backoffSeconds()).toBeGreaterThan(50);
    expect(await backoffSeconds()).toBeLessThanOrEqual(61);
    // guessing during the back-off neither counts nor stretches it
    await fail();
    expect((await row(id)).failed_logins).toBe(DEFAULT_AUTH_POLICY.maxFailures);
    await sql`UPDATE users SET locked_until = now() - interval '1 second' WHERE id = ${id}`.execute(app.db);
    await fail();
    expect(await backoffSeconds()).toBeGreaterThan(110);
    expect(await backoffSeconds()).toBeLessThanOrEqual(121);
    await sql`UPDATE users SET locked_until = now() - interval '1 second', failed_logins = 40 WHERE id = ${id}`.execute(
      app.db,
    );
    await fail();
    expect(await backoffSeconds()).toBeLessThanOrEqual(DEFAULT_AUTH_POLICY.backoffMaxMinutes * 60 + 1);
    expect(await backoffSeconds()).toBeGreaterThan(DEFAULT_AUTH_POLICY.backoffMaxMinutes * 60 - 10);
  });

  it('alerts the security administrator when an account backs off', async () => {
    const { id, username } = await freshUser([{ role: 'system_admin', scope: 'all' }]);
    for (let i = 0; i < DEFAULT_AUTH_POLICY.maxFailures; i++)
      await app.auth.login({ username, password: 'Wrong#pass2026', ip: '203.0.113.77' }).catch(() => {});
    const alerts = await auditOf('auth.backoff', username);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      target_type: 'user',
      target_id: id,
      ip: '203.0.113.77',
      details: { failures: DEFAULT_AUTH_POLICY.maxFailures },
    });
  });

  it('answers an unknown user, a wrong password and a backed-off account alike, with the right password too', async () => {
    const { username } = await freshUser();
    const unknown = await errorOf(app.auth.login({ username: 'nobody-here', password: PASSWORD, ip: null }));
    const wrong = await errorOf(app.auth.login({ username, password: 'Wrong#pass2026', ip: null }));
    for (let i = 1; i < DEFAULT_AUTH_POLICY.maxFailures; i++)
      await app.auth.login({ username, password: 'Wrong#pass2026', ip: null }).catch(() => {});
    const backedOff = await errorOf(app.auth.login({ username, password: PASSWORD, ip: null }));
    expect(unknown).toEqual({
      status: 401,
      code: 'invalid_credentials',
      messageZh: expect.any(String),
      messageEn: expect.any(String),
    });
    expect(wrong).toEqual(unknown);
    expect(backedOff).toEqual(unknown);
  });

  it('spends the same Argon2 work on an unknown user and a backed-off account as on a wrong password', async () => {
    const { username } = await freshUser();
    const argon2Runs = async (name: string, password: string) => {
      vi.mocked(verifyPassword).mockClear();
      await app.auth.login({ username: name, password, ip: null }).catch(() => {});
      return vi.mocked(verifyPassword).mock.calls.length;
    };
    expect(await argon2Runs(username, 'Wrong#pass2026')).toBe(1);
    expect(await argon2Runs('nobody-at-all', 'Wrong#pass2026')).toBe(1);
    for (let i = 1; i < DEFAULT_AUTH_POLICY.maxFailures; i++)
      await app.auth.login({ username, password: 'Wrong#pass2026', ip: null }).catch(() => {});
    // a reply without the hash came in a few milliseconds: a timing oracle for "this account is under attack"
    expect(await argon2Runs(username, PASSWORD)).toBe(1);
    expect(await argon2Runs(username, 'Wrong#pass2026')).toBe(1);
  });

  it('lets the operator lift a back-off from the command line, audited', async () => {
    const { id, username } = await freshUser([{ role: 'audit_admin', scope: 'all' }]);
    for (let i = 0; i < DEFAULT_AUTH_POLICY.maxFailures; i++)
      await app.auth.login({ username, password: 'Wrong#pass2026', ip: null }).catch(() => {});
    await expect(app.auth.login({ username, password: PASSWORD, ip: null })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect(await app.users.liftBackoff(username)).toBe(true);
    await expect(app.auth.login({ username, password: PASSWORD, ip: null })).resolves.toMatchObject({
      token: expect.any(String),
    });
    expect(
      await app.db
        .selectFrom('audit_log')
        .select(['actor_name', 'target_id'])
        .where('action', '=', 'auth.backoff_lifted')
        .execute(),
    ).toEqual([{ actor_name: 'cli', target_id: id }]);
  });

  it('refuses an address after too many failures, whatever usernames it tries, and alerts', async () => {
    const strict = new AuthService(app.db, { ...DEFAULT_AUTH_POLICY, addressMaxFailures: 6 });
    const { username } = await freshUser();
    for (let i = 0; i < 6; i++)
      await strict.login({ username: `guess${i}`, password: 'Wrong#pass2026', ip: '198.51.100.66' }).catch(() => {});
    await expect(strict.login({ username, password: PASSWORD, ip: '198.51.100.66' })).rejects.toMatchObject({
      status: 429,
      code: 'too_many_attempts',
    });
    // another address is not affected
    await expect(strict.login({ username, password: PASSWORD, ip: '198.51.100.67' })).resolves.toMatchObject({
      token: expect.any(String),
    });
    const alerts = await app.db
      .selectFrom('audit_log')
      .select(['ip', 'details'])
      .where('action', '=', 'auth.address_blocked')
      .execute();
    expect(alerts).toEqual([expect.objectContaining({ ip: '198.51.100.66' })]);
  });
});

describe('second factor', () => {
  async function withTotp() {
    const u = await freshUser();
    const secret = newTotpSecret();
    await app.db.updateTable('users').set({ totp_secret: secret, totp_enabled: true }).where('id', '=', u.id).execute();
    return { ...u, secret };
  }

  it('accepts each TOTP time step once: a replayed code is refused and alerted', async () => {
    const { username, secret } = await withTotp();
    const code = totpCode(secret);
    await expect(app.auth.login({ username, password: PASSWORD, totp: code, ip: null })).resolves.toMatchObject({
      token: expect.any(String),
    });
    await expect(app.auth.login({ username, password: PASSWORD, totp: code, ip: null })).rejects.toMatchObject({
      status: 401,
      code: 'totp_invalid',
    });
    expect(await auditOf('auth.totp_replay', username)).toHaveLength(1);
    // the next step's code is a new one and passes
    await expect(
      app.auth.login({ username, password: PASSWORD, totp: totpCode(secret, Date.now() + 30_000), ip: null }),
    ).resolves.toMatchObject({ token: expect.any(String) });
    // and the earlier step is now spent as well
    await expect(app.auth.login({ username, password: PASSWORD, totp: code, ip: null })).rejects.toMatchObject({
      code: 'totp_invalid',
    });
  });

  it('lets only one of two concurrent sign-ins with the same code through', async () => {
    const { username, secret } = await withTotp();
    const code = totpCode(secret);
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => app.auth.login({ username, password: PASSWORD, totp: code, ip: null })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('counts wrong one-time codes toward the back-off', async () => {
    const { id, username, secret } = await withTotp();
    for (let i = 0; i < DEFAULT_AUTH_POLICY.maxFailures; i++) {
      await expect(app.auth.login({ username, password: PASSWORD, totp: '000000', ip: null })).rejects.toMatchObject({
        code: 'totp_invalid',
      });
    }
    expect((await row(id)).locked_until).not.toBeNull();
    // backed off: even the right password with a fresh code is refused
    await expect(
      app.auth.login({ username, password: PASSWORD, totp: totpCode(secret), ip: null }),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
  });
});

describe('re-authentication inside a session', () => {
  it('counts wrong current passwords (changing the password, re-binding TOTP) toward the back-off', async () => {
    const { id, username } = await freshUser();
    const { token } = await app.auth.login({ username, password: PASSWORD, ip: null });
    const actor = (await app.auth.authenticate(token))!.actor;
    for (let i = 0; i < 3; i++)
      await expect(app.auth.changePassword(actor, token, 'Guess#pass2026', 'Another#pass2026')).rejects.toMatchObject({
        code: 'wrong_password',
        field: 'currentPassword',
      });
    for (let i = 0; i < 2; i++)
      await expect(app.auth.beginTotp(actor, { currentPassword: 'Guess#pass2026' })).rejects.toMatchObject({
        code: 'wrong_password',
      });
    expect((await row(id)).locked_until).not.toBeNull();
    // backed off: the right password does not help the guesser either
    await expect(app.auth.changePassword(actor, token, PASSWORD, 'Another#pass2026')).rejects.toMatchObject({
      code: 'wrong_password',
    });
  });
});

describe('sessions', () => {
  it('ends a session at its absolute lifetime even while it is in use', async () => {
    const { username } = await freshUser();
    const { token } = await app.auth.login({ username, password: PASSWORD, ip: null });
    await sql`UPDATE sessions SET created_at = now() - interval '11 hours 50 minutes', last_seen_at = now()`.execute(
      app.db,
    );
    expect(await app.auth.authenticate(token)).toBeDefined();
    await sql`UPDATE sessions SET created_at = now() - interval '12 hours 1 minute', last_seen_at = now()`.execute(
      app.db,
    );
    expect(await app.auth.authenticate(token)).toBeUndefined();
  });
});
