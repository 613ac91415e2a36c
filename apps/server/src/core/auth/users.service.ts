import type { CreateUserRequest } from '@grassroots/contracts';
import { recordAudit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { AppError, badInput, conflict } from '../errors.ts';
import { type Actor, requirePermission } from './actor.ts';
import { checkPasswordPolicy, hashPassword } from './password.ts';
import { BUILTIN_ROLES } from './permissions.ts';

/** Writes the built-in roles; run after migrations so new permissions reach existing databases. */
export async function syncBuiltinRoles(db: Db | Tx) {
  for (const r of BUILTIN_ROLES) {
    await db
      .insertInto('roles')
      .values({
        code: r.code,
        name: r.name,
        permissions: r.permissions,
        admin_kind: r.adminKind ?? null,
        builtin: true,
      })
      .onConflict((oc) =>
        oc.column('code').doUpdateSet({ name: r.name, permissions: r.permissions, admin_kind: r.adminKind ?? null }),
      )
      .execute();
  }
}

export class UsersService {
  constructor(private readonly db: Db) {}

  /** `actor` undefined means the command line, run by the operator on the server itself. */
  async create(input: CreateUserRequest, actor?: Actor) {
    if (actor) requirePermission(actor, 'user.manage');
    if (actor && input.roles.length) requirePermission(actor, 'role.manage');
    checkPasswordPolicy(input.password);
    return this.db.transaction().execute(async (tx) => {
      const dept = await tx
        .selectFrom('departments')
        .select(['id', 'division_code'])
        .where('code', '=', input.departmentCode)
        .executeTakeFirst();
      if (!dept)
        throw badInput(
          'departmentCode',
          `部门 ${input.departmentCode} 不存在`,
          `Department ${input.departmentCode} does not exist`,
        );
      if (await tx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst()) {
        throw conflict('username_taken', `用户名 ${input.username} 已被使用`, `Username ${input.username} is taken`);
      }
      const roles = await checkSeparationOfDuties(
        tx,
        input.roles.map((r) => r.role),
      );
      checkAdministratorRoles(actor, roles, undefined);
      const user = await tx
        .insertInto('users')
        .values({
          username: input.username,
          display_name: input.displayName,
          department_id: dept.id,
          password_hash: await hashPassword(input.password),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (input.roles.length)
        await tx
          .insertInto('user_roles')
          .values(input.roles.map((r) => ({ user_id: user.id, role_code: r.role, scope: r.scope })))
          .execute();
      await recordAudit(tx, {
        action: 'user.create',
        actorId: actor?.id ?? null,
        actorName: actor?.username ?? 'cli',
        ip: actor?.ip ?? null,
        targetType: 'user',
        targetId: user.id,
        divisionCode: dept.division_code,
        details: { username: input.username, roles: input.roles },
      });
      return { id: user.id };
    });
  }

  async grant(actor: Actor | undefined, userId: string, role: string, scope: 'department' | 'subtree' | 'all') {
    if (actor) requirePermission(actor, 'role.manage');
    return this.db.transaction().execute(async (tx) => {
      const current = await tx
        .selectFrom('user_roles')
        .select('role_code')
        .where('user_id', '=', userId)
        .forUpdate()
        .execute();
      // an administrator may not widen their own powers
      if (actor && actor.id === userId)
        throw new AppError(403, 'self_grant', '不能给自己授予角色', 'You cannot grant roles to yourself');
      const roles = await checkSeparationOfDuties(tx, [...current.map((c) => c.role_code), role]);
      checkAdministratorRoles(
        actor,
        roles.filter((r) => r.code === role),
        roles.filter((r) => r.code !== role),
      );
      await tx
        .insertInto('user_roles')
        .values({ user_id: userId, role_code: role, scope })
        .onConflict((oc) => oc.columns(['user_id', 'role_code']).doUpdateSet({ scope }))
        .execute();
      await recordAudit(tx, {
        action: 'role.grant',
        actorId: actor?.id ?? null,
        actorName: actor?.username ?? 'cli',
        ip: actor?.ip ?? null,
        targetType: 'user',
        targetId: userId,
        details: { role, scope },
      });
    });
  }

  /** The operator's way in for an account backed off by a persistent guessing attack (command line only, audited). */
  async liftBackoff(username: string): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const u = await tx
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: null })
        .where('username', '=', username)
        .returning('id')
        .executeTakeFirst();
      if (u)
        await recordAudit(tx, {
          action: 'auth.backoff_lifted',
          actorName: 'cli',
          targetType: 'user',
          targetId: u.id,
          details: { username },
        });
      return !!u;
    });
  }

  /** Takes a role from a user, under the same separation rules as granting it. */
  async revoke(actor: Actor | undefined, userId: string, role: string) {
    if (actor) requirePermission(actor, 'role.manage');
    return this.db.transaction().execute(async (tx) => {
      const current = await tx
        .selectFrom('user_roles')
        .select('role_code')
        .where('user_id', '=', userId)
        .forUpdate()
        .execute();
      if (actor && actor.id === userId)
        throw new AppError(403, 'self_grant', '不能更改自己的角色', 'You cannot change your own roles');
      if (!current.some((c) => c.role_code === role))
        throw new AppError(
          404,
          'not_found',
          `该用户没有角色 ${role}`,
          `The user does not hold the role ${role}`,
          'role',
        );
      const roles = await checkSeparationOfDuties(
        tx,
        current.map((c) => c.role_code),
      );
      checkAdministratorRoles(
        actor,
        roles.filter((r) => r.code === role),
        roles.filter((r) => r.code !== role),
      );
      await tx.deleteFrom('user_roles').where('user_id', '=', userId).where('role_code', '=', role).execute();
      await recordAudit(tx, {
        action: 'role.revoke',
        actorId: actor?.id ?? null,
        actorName: actor?.username ?? 'cli',
        ip: actor?.ip ?? null,
        targetType: 'user',
        targetId: userId,
        details: { role },
      });
    });
  }
}

type RoleRow = { code: string; admin_kind: string | null };

/**
 * 三权分立, who may hand out what (the matrix in docs/SECURITY.md): no administrator, through the
 * API, creates, grants or revokes any of the three administrator roles — its own kind or another —
 * nor changes the roles of an account that holds one. Those accounts are made and changed only by
 * the operator on the server's command line (`actor` undefined), so one compromised administrator
 * can neither mint an accomplice nor remove the one who audits it.
 */
function checkAdministratorRoles(actor: Actor | undefined, changed: RoleRow[], targetHolds: RoleRow[] | undefined) {
  if (!actor) return;
  const admin = changed.find((r) => r.admin_kind);
  if (admin) {
    throw new AppError(
      403,
      'admin_role_reserved',
      `管理员角色 ${admin.code} 只能由运维人员在服务器命令行授予或撤销（三权分立）`,
      `The administrator role ${admin.code} is granted or revoked only on the server's command line (separation of the three administrators)`,
      'role',
    );
  }
  if (targetHolds?.some((r) => r.admin_kind)) {
    throw new AppError(
      403,
      'admin_account_reserved',
      '管理员账户的角色只能由运维人员在服务器命令行更改（三权分立）',
      "An administrator account's roles are changed only on the server's command line (separation of the three administrators)",
      'role',
    );
  }
}

/** 三权分立: system, security and audit administration never in one account. */
async function checkSeparationOfDuties(tx: Tx, roleCodes: string[]): Promise<RoleRow[]> {
  if (roleCodes.length === 0) return [];
  const roles = await tx.selectFrom('roles').select(['code', 'admin_kind']).where('code', 'in', roleCodes).execute();
  const missing = roleCodes.filter((c) => !roles.some((r) => r.code === c));
  if (missing.length)
    throw badInput('roles', `角色不存在：${missing.join('、')}`, `Unknown roles: ${missing.join(', ')}`);
  const kinds = new Set(roles.map((r) => r.admin_kind).filter(Boolean));
  if (kinds.size > 1) {
    throw new AppError(
      409,
      'separation_of_duties',
      '系统管理员、安全管理员、审计管理员不得由同一账户兼任（三权分立）',
      'System, security and audit administrator roles cannot be combined in one account',
      'roles',
    );
  }
  return roles;
}
