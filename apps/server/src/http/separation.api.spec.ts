import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Session } from '../../test/api-client.ts';
import { testApp } from '../../test/helpers.ts';
import type { App } from '../compose.ts';
import {
  MATRIX_ACTOR_USERS,
  MATRIX_ACTORS,
  MATRIX_OPERATIONS,
  MATRIX_ROLES,
  type MatrixActor,
  type MatrixOperation,
  type MatrixRole,
  SEPARATION_MATRIX,
  type Verdict,
} from '../core/auth/separation-matrix.ts';

/**
 * 三权分立: every cell of the published matrix (core/auth/separation-matrix.ts, docs/SECURITY.md) —
 * each actor creating a user with, granting and revoking each role — performed through the HTTP API
 * (the command line through the service it calls), and checked in the database: a refused change
 * leaves nothing behind, an allowed one is stored.
 */
let app: App;
let api: ApiClient;
const sessions = {} as Record<string, Session>;
let n = 0;
const PASSWORD = 'Separation#2026';

beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
  for (const username of Object.values(MATRIX_ACTOR_USERS)) sessions[username] = await api.login(username);
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

const scopeOf = (role: MatrixRole) => (role === 'reviewer' ? 'department' : 'all') as 'department' | 'all';
/** A user made on the command line, holding `role` or nothing. */
async function cliUser(role?: MatrixRole) {
  const username = `sep${++n}`;
  const { id } = await app.users.create({
    username,
    displayName: username,
    departmentCode: '140882-MZJ',
    password: PASSWORD,
    roles: role ? [{ role, scope: scopeOf(role) }] : [],
  });
  return { id, username };
}
const holds = async (username: string, role: string) =>
  !!(await app.db
    .selectFrom('user_roles as ur')
    .innerJoin('users as u', 'u.id', 'ur.user_id')
    .select('ur.role_code')
    .where('u.username', '=', username)
    .where('ur.role_code', '=', role)
    .executeTakeFirst());
const exists = async (username: string) =>
  !!(await app.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst());

/** Performs one cell; returns what happened, judged by the HTTP status and by the database. */
async function perform(actor: MatrixActor, op: MatrixOperation, role: MatrixRole): Promise<Verdict> {
  const session = actor === 'command_line' ? undefined : sessions[MATRIX_ACTOR_USERS[actor]];
  const expectRefusal = (status: number, body: { code?: string; message?: string; messageEn?: string }) => {
    expect(status, `${actor} ${op} ${role}`).toBe(403);
    expect(body.message).toBeTruthy();
    expect(body.messageEn).toBeTruthy();
  };
  if (op === 'create') {
    const username = `sepnew${++n}`;
    const body = {
      username,
      displayName: username,
      departmentCode: '140882-MZJ',
      password: PASSWORD,
      roles: [{ role, scope: scopeOf(role) }],
    };
    if (!session) {
      await app.users.create(body);
    } else {
      const res = await api.call(session, 'POST', '/api/v1/users', body);
      if (res.statusCode !== 201) {
        expectRefusal(res.statusCode, res.json());
        expect(await exists(username)).toBe(false);
        return 'refused';
      }
    }
    expect(await holds(username, role)).toBe(true);
    return 'allowed';
  }
  if (op === 'grant') {
    const target = await cliUser();
    if (!session) {
      await app.users.grant(undefined, target.id, role, scopeOf(role));
    } else {
      const res = await api.call(session, 'POST', `/api/v1/users/${target.id}/roles`, { role, scope: scopeOf(role) });
      if (res.statusCode !== 200) {
        expectRefusal(res.statusCode, res.json());
        expect(await holds(target.username, role)).toBe(false);
        return 'refused';
      }
    }
    expect(await holds(target.username, role)).toBe(true);
    return 'allowed';
  }
  const target = await cliUser(role);
  if (!session) {
    await app.users.revoke(undefined, target.id, role);
  } else {
    const res = await api.call(session, 'DELETE', `/api/v1/users/${target.id}/roles/${role}`);
    if (res.statusCode !== 200) {
      expectRefusal(res.statusCode, res.json());
      expect(await holds(target.username, role)).toBe(true);
      return 'refused';
    }
  }
  expect(await holds(target.username, role)).toBe(false);
  return 'allowed';
}

describe('separation of the three administrators (三权分立): every cell of the matrix', () => {
  for (const actor of MATRIX_ACTORS) {
    for (const op of MATRIX_OPERATIONS) {
      for (const role of MATRIX_ROLES) {
        const expected = SEPARATION_MATRIX[actor][op][role];
        it(`${actor} ${op} ${role}: ${expected}`, async () => {
          expect(await perform(actor, op, role)).toBe(expected);
        });
      }
    }
  }

  it('has a verdict for every actor, operation and role, and leaves administrator roles to the command line', () => {
    const cells = MATRIX_ACTORS.flatMap((a) =>
      MATRIX_OPERATIONS.flatMap((o) => MATRIX_ROLES.map((r) => SEPARATION_MATRIX[a][o][r])),
    );
    expect(cells).toHaveLength(MATRIX_ACTORS.length * MATRIX_OPERATIONS.length * MATRIX_ROLES.length);
    for (const a of MATRIX_ACTORS.filter((x) => x !== 'command_line')) {
      for (const o of MATRIX_OPERATIONS)
        for (const r of ['system_admin', 'security_admin', 'audit_admin'] as const)
          expect(SEPARATION_MATRIX[a][o][r]).toBe('refused');
    }
  });
});

describe("administrator accounts and one's own account", () => {
  it('refuses the security administrator changing any role of an administrator account', async () => {
    const sys = await cliUser('system_admin');
    const grant = await api.call(sessions.secadmin, 'POST', `/api/v1/users/${sys.id}/roles`, {
      role: 'reviewer',
      scope: 'department',
    });
    expect(grant.statusCode).toBe(403);
    expect(grant.json()).toMatchObject({ code: 'admin_account_reserved', field: 'role' });
    expect(await holds(sys.username, 'reviewer')).toBe(false);
    const audit = await cliUser('audit_admin');
    await app.users.grant(undefined, audit.id, 'supervisor', 'all');
    const revoke = await api.call(sessions.secadmin, 'DELETE', `/api/v1/users/${audit.id}/roles/supervisor`);
    expect(revoke.json()).toMatchObject({ code: 'admin_account_reserved' });
    expect(await holds(audit.username, 'supervisor')).toBe(true);
  });

  it('refuses the security administrator granting or revoking its own roles', async () => {
    const me = await app.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'secadmin')
      .executeTakeFirstOrThrow();
    expect(
      (
        await api.call(sessions.secadmin, 'POST', `/api/v1/users/${me.id}/roles`, {
          role: 'registry_officer',
          scope: 'all',
        })
      ).json(),
    ).toMatchObject({ code: 'self_grant' });
    expect(
      (await api.call(sessions.secadmin, 'DELETE', `/api/v1/users/${me.id}/roles/security_admin`)).json(),
    ).toMatchObject({ code: 'self_grant' });
    expect(await holds('secadmin', 'registry_officer')).toBe(false);
    expect(await holds('secadmin', 'security_admin')).toBe(true);
  });

  it('never combines two administrator roles, even on the command line', async () => {
    const sec = await cliUser('security_admin');
    await expect(app.users.grant(undefined, sec.id, 'audit_admin', 'all')).rejects.toMatchObject({
      code: 'separation_of_duties',
    });
  });
});
