import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { DEMO_PASSWORD } from '../../demo/demo.seed.ts';
import { deleteIdleSessions } from './auth.repository.ts';
import { totpCode, verifyTotp } from './totp.ts';

let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app?.close());

const user = (
  username: string,
  password: string,
  roles: Array<{ role: string; scope: 'department' | 'subtree' | 'all' }> = [],
) => app.users.create({ username, displayName: username, departmentCode: '140882-XXZX', password, roles });

describe('users, sessions and second factor', () => {
  it('enforces the password policy', async () => {
    await expect(user('weak1', 'short1A!')).rejects.toMatchObject({ code: 'weak_password', field: 'password' });
    await expect(user('weak2', 'alllowercaseletters')).rejects.toMatchObject({ code: 'weak_password' });
    await expect(user('weak3', 'lowercase123456')).rejects.toMatchObject({ code: 'weak_password' });
    await expect(user('fine1', 'Lowercase123456')).resolves.toMatchObject({ id: expect.any(String) });
  });

  it('never combines two of the three administrator roles in one account (三权分立)', async () => {
    await expect(
      user('twohats', 'Twohats#2026x', [
        { role: 'system_admin', scope: 'all' },
        { role: 'audit_admin', scope: 'all' },
      ]),
    ).rejects.toMatchObject({ code: 'separation_of_duties' });
    const { id } = await user('onehat', 'Onehat#2026xx', [{ role: 'security_admin', scope: 'all' }]);
    await expect(app.users.grant(undefined, id, 'audit_admin', 'all')).rejects.toMatchObject({
      code: 'separation_of_duties',
    });
    await expect(app.users.grant(undefined, id, 'reviewer', 'department')).resolves.toBeUndefined();
    expect(
      await app.db
        .selectFrom('user_roles')
        .select('role_code')
        .where('user_id', '=', id)
        .orderBy('role_code')
        .execute(),
    ).toEqual([{ role_code: 'reviewer' }, { role_code: 'security_admin' }]);
  });

  it('ends a session after 30 idle minutes, in any process (the session lives in the database)', async () => {
    const { token } = await app.auth.login({ username: 'clerk', password: DEMO_PASSWORD, ip: null });
    expect(await app.auth.authenticate(token)).toBeDefined();
    await sql`UPDATE sessions SET last_seen_at = now() - interval '31 minutes'`.execute(app.db);
    expect(await app.auth.authenticate(token)).toBeUndefined();
    // the worker's sweep then clears the idle rows
    expect(await deleteIdleSessions(app.db)).toBeGreaterThan(0);
    expect(await app.db.selectFrom('sessions').select('user_id').execute()).toEqual([]);
  });

  it('keeps a busy session alive by touching it at most once a minute, and writes nothing in between', async () => {
    const { token } = await app.auth.login({ username: 'clerk', password: DEMO_PASSWORD, ip: null });
    const seen = () =>
      sql<{ seen: Date; xmin: string }>`SELECT last_seen_at AS seen, xmin::text AS xmin FROM sessions`
        .execute(app.db)
        .then((r) => r.rows[0]!);
    // seen 25 minutes ago: still live, so the request moves it to now and it survives another 25 minutes
    await sql`UPDATE sessions SET last_seen_at = now() - interval '25 minutes'`.execute(app.db);
    expect(await app.auth.authenticate(token)).toBeDefined();
    const touched = await seen();
    expect(Date.now() - touched.seen.getTime()).toBeLessThan(60_000);
    // within the minute a request reads only: the row keeps its version
    expect(await app.auth.authenticate(token)).toBeDefined();
    expect(await seen()).toEqual(touched);
    await sql`DELETE FROM sessions`.execute(app.db);
  });

  it('lets an account in again when its back-off has run out', async () => {
    for (let i = 0; i < 5; i++)
      await app.auth.login({ username: 'reviewer', password: 'nope', ip: null }).catch(() => {});
    await expect(app.auth.login({ username: 'reviewer', password: DEMO_PASSWORD, ip: null })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    await sql`UPDATE users SET locked_until = now() - interval '1 second' WHERE username = 'reviewer'`.execute(app.db);
    await expect(app.auth.login({ username: 'reviewer', password: DEMO_PASSWORD, ip: null })).resolves.toMatchObject({
      token: expect.any(String),
    });
  });

  it('computes RFC 6238 codes (test vector) and accepts one step of drift', () => {
    // RFC 6238 appendix B, SHA-1 secret "12345678901234567890" in base32, T = 59 s → 94287082 (last 6 digits 287082)
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpCode(secret, 59_000)).toBe('287082');
    expect(totpCode(secret, 1_111_111_109_000)).toBe('081804');
    expect(verifyTotp(secret, totpCode(secret, 1_000_000_000_000 - 30_000), 1_000_000_000_000)).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, 1_000_000_000_000 - 90_000), 1_000_000_000_000)).toBe(false);
  });
});
