import { randomBytes } from 'node:crypto';
import { recordAudit } from '../audit/audit.ts';
import { sm3Bytes } from '../crypto/sm.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { Actor } from './actor.ts';
import { authenticateSession, deleteSession, findUserByUsername, insertSession, loadActor } from './auth.repository.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password.ts';
import { newTotpSecret, totpUri, verifyTotp } from './totp.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

const invalidLogin = () => new AppError(401, 'invalid_credentials', '用户名或密码错误', 'Wrong username or password');

export interface AuthenticatedSession {
  actor: Actor;
  csrfToken: string;
  secondFactorDone: boolean;
}

const tokenHash = sm3Bytes;

export class AuthService {
  constructor(private readonly db: Db) {}

  async login(input: { username: string; password: string; totp?: string | undefined; ip: string | null }) {
    const user = await findUserByUsername(this.db, input.username);
    if (!user || !user.active) {
      await this.auditOnly({ action: 'auth.login_failed', actorName: input.username, ip: input.ip, details: { reason: 'unknown_user' } });
      // same work as a real check, so response time does not reveal which usernames exist
      await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0BfWKVYaDjKWZrxYd4cMLnXqTKxvGBZDqnV1XTRYo3U', input.password).catch(() => false);
      throw invalidLogin();
    }
    if (user.locked_until && user.locked_until > new Date()) {
      await this.auditOnly({ action: 'auth.login_failed', actorId: user.id, actorName: user.username, ip: input.ip, details: { reason: 'locked' } });
      throw new AppError(423, 'account_locked', `账户已锁定，请于 ${LOCK_MINUTES} 分钟后再试`, `Account locked; try again in ${LOCK_MINUTES} minutes`, undefined, { lockedUntil: user.locked_until.toISOString() });
    }
    if (!(await verifyPassword(user.password_hash, input.password))) {
      await this.db.transaction().execute(async (tx) => {
        const failed = user.failed_logins + 1;
        const lock = failed >= MAX_FAILED_LOGINS;
        await tx.updateTable('users').set({
          failed_logins: lock ? 0 : failed,
          locked_until: lock ? new Date(Date.now() + LOCK_MINUTES * 60_000) : user.locked_until,
        }).where('id', '=', user.id).execute();
        await recordAudit(tx, { action: lock ? 'auth.locked' : 'auth.login_failed', actorId: user.id, actorName: user.username, ip: input.ip, details: { reason: 'password', failures: failed } });
      });
      throw invalidLogin();
    }
    const actor = (await loadActor(this.db, user.id))!;
    const needsSecondFactor = user.totp_enabled || actor.grants.some((g) => g.adminKind);
    let secondFactorDone = !needsSecondFactor;
    if (user.totp_enabled) {
      if (!input.totp) throw new AppError(401, 'totp_required', '请输入动态验证码', 'Enter the one-time code from your authenticator', 'totp');
      if (!verifyTotp(user.totp_secret!, input.totp)) {
        await this.auditOnly({ action: 'auth.login_failed', actorId: user.id, actorName: user.username, ip: input.ip, details: { reason: 'totp' } });
        throw new AppError(401, 'totp_invalid', '动态验证码错误', 'Wrong one-time code', 'totp');
      }
      secondFactorDone = true;
    }
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
      await insertSession(tx, { tokenHash: tokenHash(token), userId: user.id, csrfToken, secondFactorDone, ip: input.ip });
      await recordAudit(tx, { action: 'auth.login', actorId: user.id, actorName: user.username, ip: input.ip, details: { secondFactor: user.totp_enabled } });
    });
    return {
      token,
      csrfToken,
      // an administrator without a second factor may only enrol one
      secondFactorRequired: !secondFactorDone,
      user: { id: actor.id, username: actor.username, displayName: actor.displayName, departmentId: actor.departmentId, roles: actor.grants.map((g) => ({ role: g.role, scope: g.scope })) },
    };
  }

  async authenticate(token: string): Promise<AuthenticatedSession | undefined> {
    return authenticateSession(this.db, tokenHash(token));
  }

  async logout(token: string, actor: Actor) {
    await this.db.transaction().execute(async (tx) => {
      await deleteSession(tx, tokenHash(token));
      await recordAudit(tx, { action: 'auth.logout', actorId: actor.id, actorName: actor.username, ip: actor.ip ?? null });
    });
  }

  /** Starts TOTP enrolment: returns the secret and otpauth URI; confirmed by confirmTotp. */
  async beginTotp(actor: Actor) {
    const secret = newTotpSecret();
    await this.db.updateTable('users').set({ totp_secret: secret, totp_enabled: false }).where('id', '=', actor.id).execute();
    return { secret, uri: totpUri(secret, actor.username) };
  }

  async confirmTotp(actor: Actor, token: string, code: string) {
    const user = await this.db.selectFrom('users').select(['totp_secret']).where('id', '=', actor.id).executeTakeFirstOrThrow();
    if (!user.totp_secret || !verifyTotp(user.totp_secret, code)) throw new AppError(400, 'totp_invalid', '动态验证码错误', 'Wrong one-time code', 'code');
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ totp_enabled: true }).where('id', '=', actor.id).execute();
      await tx.updateTable('sessions').set({ second_factor_done: true }).where('token_hash', '=', tokenHash(token)).execute();
      await recordAudit(tx, { action: 'auth.totp_enabled', actorId: actor.id, actorName: actor.username, ip: actor.ip ?? null });
    });
  }

  /** Changes one's own password under the policy; every other session of the user ends. */
  async changePassword(actor: Actor, token: string, current: string, next: string) {
    const user = await this.db.selectFrom('users').select(['password_hash']).where('id', '=', actor.id).executeTakeFirstOrThrow();
    if (!(await verifyPassword(user.password_hash, current))) throw new AppError(400, 'wrong_password', '当前密码不正确', 'The current password is wrong', 'currentPassword');
    checkPasswordPolicy(next, 'newPassword');
    if (next === current) throw new AppError(400, 'password_unchanged', '新密码不能与当前密码相同', 'The new password must differ from the current one', 'newPassword');
    const passwordHash = await hashPassword(next);
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', actor.id).execute();
      await tx.deleteFrom('sessions').where('user_id', '=', actor.id).where('token_hash', '!=', tokenHash(token)).execute();
      await recordAudit(tx, { action: 'auth.password_changed', actorId: actor.id, actorName: actor.username, ip: actor.ip ?? null });
    });
  }

  private async auditOnly(entry: Parameters<typeof recordAudit>[1]) {
    await this.db.transaction().execute((tx) => recordAudit(tx, entry));
  }
}
