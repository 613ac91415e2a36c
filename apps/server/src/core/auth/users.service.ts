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
      .values({ code: r.code, name: r.name, permissions: r.permissions, admin_kind: r.adminKind ?? null, builtin: true })
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: r.name, permissions: r.permissions, admin_kind: r.adminKind ?? null }))
      .execute();
  }
}

export class UsersService {
  constructor(private readonly db: Db) {}

  /** `actor` undefined means the command line, run by the operator on the server itself. */
  async create(input: CreateUserRequest, actor?: Actor) {
    if (actor) requirePermission(actor, 'user.manage');
    checkPasswordPolicy(input.password);
    return this.db.transaction().execute(async (tx) => {
      const dept = await tx.selectFrom('departments').select(['id', 'division_code']).where('code', '=', input.departmentCode).executeTakeFirst();
      if (!dept) throw badInput('departmentCode', `部门 ${input.departmentCode} 不存在`, `Department ${input.departmentCode} does not exist`);
      if (await tx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst()) {
        throw conflict('username_taken', `用户名 ${input.username} 已被使用`, `Username ${input.username} is taken`);
      }
      await checkSeparationOfDuties(tx, input.roles.map((r) => r.role));
      const user = await tx
        .insertInto('users')
        .values({ username: input.username, display_name: input.displayName, department_id: dept.id, password_hash: await hashPassword(input.password) })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (input.roles.length) await tx.insertInto('user_roles').values(input.roles.map((r) => ({ user_id: user.id, role_code: r.role, scope: r.scope }))).execute();
      await recordAudit(tx, {
        action: 'user.create', actorId: actor?.id ?? null, actorName: actor?.username ?? 'cli', ip: actor?.ip ?? null,
        targetType: 'user', targetId: user.id, divisionCode: dept.division_code, details: { username: input.username, roles: input.roles },
      });
      return { id: user.id };
    });
  }

  async grant(actor: Actor | undefined, userId: string, role: string, scope: 'department' | 'subtree' | 'all') {
    if (actor) requirePermission(actor, 'role.manage');
    return this.db.transaction().execute(async (tx) => {
      const current = await tx.selectFrom('user_roles').select('role_code').where('user_id', '=', userId).forUpdate().execute();
      await checkSeparationOfDuties(tx, [...current.map((c) => c.role_code), role]);
      // an administrator may not widen their own powers
      if (actor && actor.id === userId) throw new AppError(403, 'self_grant', '不能给自己授予角色', 'You cannot grant roles to yourself');
      await tx.insertInto('user_roles').values({ user_id: userId, role_code: role, scope }).onConflict((oc) => oc.columns(['user_id', 'role_code']).doUpdateSet({ scope })).execute();
      await recordAudit(tx, { action: 'role.grant', actorId: actor?.id ?? null, actorName: actor?.username ?? 'cli', targetType: 'user', targetId: userId, details: { role, scope } });
    });
  }
}

/** 三权分立: system, security and audit administration never in one account. */
async function checkSeparationOfDuties(tx: Tx, roleCodes: string[]) {
  if (roleCodes.length === 0) return;
  const roles = await tx.selectFrom('roles').select(['code', 'admin_kind']).where('code', 'in', roleCodes).execute();
  const missing = roleCodes.filter((c) => !roles.some((r) => r.code === c));
  if (missing.length) throw badInput('roles', `角色不存在：${missing.join('、')}`, `Unknown roles: ${missing.join(', ')}`);
  const kinds = new Set(roles.map((r) => r.admin_kind).filter(Boolean));
  if (kinds.size > 1) {
    throw new AppError(409, 'separation_of_duties', '系统管理员、安全管理员、审计管理员不得由同一账户兼任（三权分立）', 'System, security and audit administrator roles cannot be combined in one account', 'roles');
  }
}
