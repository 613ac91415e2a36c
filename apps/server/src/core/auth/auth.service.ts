import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { recordAudit } from '../audit/audit.ts';
import type { Config } from '../config.ts';
import { sm3Bytes } from '../crypto/sm.ts';
import type { Db, Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { Actor } from './actor.ts';
import {
  ADDRESS_WINDOW_MINUTES,
  addressFailures,
  authenticateSession,
  consumeTotpStep,
  countAccountFailure,
  countAddressFailure,
  deleteSession,
  findUserByUsername,
  insertSession,
  loadActor,
  SESSION_MAX_HOURS,
} from './auth.repository.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password.ts';
import { newTotpSecret, totpStep, totpUri } from './totp.ts';

/** What sign-in tolerates; from the configuration (GRASSROOTS_LOGIN_*, GRASSROOTS_SESSION_MAX_HOURS). */
export interface AuthPolicy {
  /** consecutive failures of one account after which it backs off */
  maxFailures: number;
  /** the longest back-off, in minutes */
  backoffMaxMinutes: number;
  /** failures from one address within the window after which the address is refused */
  addressMaxFailures: number;
  /** absolute session lifetime */
  sessionMaxHours: number;
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = {
  maxFailures: 5,
  backoffMaxMinutes: 15,
  addressMaxFailures: 30,
  sessionMaxHours: SESSION_MAX_HOURS,
};

export const authPolicyOf = (config: Config): AuthPolicy => ({
  maxFailures: config.GRASSROOTS_LOGIN_MAX_FAILURES,
  backoffMaxMinutes: config.GRASSROOTS_LOGIN_BACKOFF_MAX_MINUTES,
  addressMaxFailures: config.GRASSROOTS_LOGIN_ADDRESS_MAX_FAILURES,
  sessionMaxHours: config.GRASSROOTS_SESSION_MAX_HOURS,
});

/** Audit actions the security administrator is alerted to (the console's audit page offers them as a filter). */
export const SECURITY_ALERTS = ['auth.backoff', 'auth.address_blocked', 'auth.totp_replay'] as const;

/**
 * One reply for a wrong password, an unknown or disabled username and a backed-off account, so the
 * reply never tells whether a username exists or is being guessed at.
 */
const invalidLogin = () =>
  new AppError(
    401,
    'invalid_credentials',
    '用户名或密码错误（多次失败后须稍候再试）',
    'Wrong username or password (after repeated failures, wait a little before trying again)',
  );

/** An Argon2id hash of nothing anyone knows, with the parameters of real ones: an unknown user costs the same work. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0BfWKVYaDjKWZrxYd4cMLnXqTKxvGBZDqnV1XTRYo3U';

export interface AuthenticatedSession {
  actor: Actor;
  csrfToken: string;
  secondFactorDone: boolean;
}

const tokenHash = sm3Bytes;

type FailureReason =
  | 'unknown_user'
  | 'backed_off'
  | 'password'
  | 'totp'
  | 'totp_replay'
  | 'reauth_password'
  | 'reauth_totp'
  | 'reauth_totp_replay';

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly policy: AuthPolicy = DEFAULT_AUTH_POLICY,
  ) {}

  async login(input: { username: string; password: string; totp?: string | undefined; ip: string | null }) {
    if (input.ip && (await addressFailures(this.db, input.ip)) >= this.policy.addressMaxFailures) {
      await this.auditOnly({
        action: 'auth.login_failed',
        actorName: input.username,
        ip: input.ip,
        details: { reason: 'address_limit' },
      });
      throw new AppError(
        429,
        'too_many_attempts',
        `此地址登录失败次数过多，请 ${ADDRESS_WINDOW_MINUTES} 分钟后再试`,
        `Too many failed sign-ins from this address; try again in ${ADDRESS_WINDOW_MINUTES} minutes`,
      );
    }
    const found = await findUserByUsername(this.db, input.username);
    const user = found?.active ? found : undefined;
    const backedOff = !!user?.locked_until && user.locked_until > new Date();
    // the same Argon2 work whatever the account's state, so the time taken tells nothing either
    const passwordOk = await verifyPassword(user?.password_hash ?? DUMMY_HASH, input.password).catch(() => false);
    if (!user || backedOff || !passwordOk) {
      await this.fail(
        input.ip,
        input.username,
        !user ? 'unknown_user' : backedOff ? 'backed_off' : 'password',
        user?.id,
        !backedOff,
      );
      throw invalidLogin();
    }
    const actor = (await loadActor(this.db, user.id))!;
    const needsSecondFactor = user.totp_enabled || actor.grants.some((g) => g.adminKind);
    let secondFactorDone = !needsSecondFactor;
    if (user.totp_enabled) {
      if (!input.totp)
        throw new AppError(
          401,
          'totp_required',
          '请输入动态验证码',
          'Enter the one-time code from your authenticator',
          'totp',
        );
      const step = totpStep(user.totp_secret!, input.totp);
      if (step === undefined || !(await consumeTotpStep(this.db, user.id, step))) {
        await this.fail(input.ip, user.username, step === undefined ? 'totp' : 'totp_replay', user.id);
        throw new AppError(
          401,
          'totp_invalid',
          '动态验证码错误或已使用过',
          'Wrong or already used one-time code',
          'totp',
        );
      }
      secondFactorDone = true;
    }
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
      await insertSession(tx, {
        tokenHash: tokenHash(token),
        userId: user.id,
        csrfToken,
        secondFactorDone,
        ip: input.ip,
      });
      await recordAudit(tx, {
        action: 'auth.login',
        actorId: user.id,
        actorName: user.username,
        ip: input.ip,
        details: { secondFactor: user.totp_enabled },
      });
    });
    return {
      token,
      csrfToken,
      // an administrator without a second factor may only enrol one
      secondFactorRequired: !secondFactorDone,
      user: {
        id: actor.id,
        username: actor.username,
        displayName: actor.displayName,
        departmentId: actor.departmentId,
        roles: actor.grants.map((g) => ({ role: g.role, scope: g.scope })),
      },
    };
  }

  async authenticate(token: string): Promise<AuthenticatedSession | undefined> {
    return authenticateSession(this.db, tokenHash(token), this.policy.sessionMaxHours);
  }

  async logout(token: string, actor: Actor) {
    await this.db.transaction().execute(async (tx) => {
      await deleteSession(tx, tokenHash(token));
      await recordAudit(tx, {
        action: 'auth.logout',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
      });
    });
  }

  /**
   * Starts binding a (new) second factor: whoever holds the session must prove the password again,
   * and the current one-time code when a factor is bound, so a borrowed or stolen session cannot
   * move the second factor to the thief's phone. The new secret waits in totp_pending_secret; the
   * factor bound so far stays in force until confirmTotp.
   */
  async beginTotp(actor: Actor, input: { currentPassword: string; code?: string | undefined }) {
    const user = await this.db
      .selectFrom('users')
      .select(['password_hash', 'totp_enabled', 'totp_secret', 'locked_until'])
      .where('id', '=', actor.id)
      .executeTakeFirstOrThrow();
    const backedOff = !!user.locked_until && user.locked_until > new Date();
    if (!(await verifyPassword(user.password_hash, input.currentPassword).catch(() => false)) || backedOff) {
      await this.fail(actor.ip ?? null, actor.username, 'reauth_password', actor.id, !backedOff);
      throw new AppError(
        400,
        'wrong_password',
        '当前密码不正确（多次失败后须稍候再试）',
        'The current password is wrong (after repeated failures, wait a little)',
        'currentPassword',
      );
    }
    if (user.totp_enabled) {
      if (!input.code)
        throw new AppError(
          400,
          'totp_required',
          '请输入当前绑定的动态验证码',
          'Enter the one-time code of the authenticator bound now',
          'code',
        );
      const step = totpStep(user.totp_secret!, input.code);
      if (step === undefined || !(await consumeTotpStep(this.db, actor.id, step))) {
        await this.fail(
          actor.ip ?? null,
          actor.username,
          step === undefined ? 'reauth_totp' : 'reauth_totp_replay',
          actor.id,
        );
        throw new AppError(
          400,
          'totp_invalid',
          '动态验证码错误或已使用过',
          'Wrong or already used one-time code',
          'code',
        );
      }
    }
    const secret = newTotpSecret();
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ totp_pending_secret: secret }).where('id', '=', actor.id).execute();
      await recordAudit(tx, {
        action: 'auth.totp_begin',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        details: { rebind: user.totp_enabled },
      });
    });
    return { secret, uri: totpUri(secret, actor.username) };
  }

  async confirmTotp(actor: Actor, token: string, code: string) {
    const user = await this.db
      .selectFrom('users')
      .select(['totp_pending_secret'])
      .where('id', '=', actor.id)
      .executeTakeFirstOrThrow();
    const secret = user.totp_pending_secret;
    const step = secret ? totpStep(secret, code) : undefined;
    if (step === undefined)
      throw new AppError(
        400,
        'totp_invalid',
        '动态验证码错误或已使用过',
        'Wrong or already used one-time code',
        'code',
      );
    await this.db.transaction().execute(async (tx) => {
      // the new secret's steps were never used (the step the old code spent at begin may be this one):
      // from here on, no step up to this one is accepted again
      const bound = await tx
        .updateTable('users')
        .set({
          totp_secret: secret,
          totp_pending_secret: null,
          totp_enabled: true,
          totp_last_step: sql<string>`GREATEST(COALESCE(totp_last_step, 0), ${step})`,
        })
        .where('id', '=', actor.id)
        .where('totp_pending_secret', '=', secret)
        .executeTakeFirst();
      if (Number(bound.numUpdatedRows) !== 1)
        throw new AppError(
          409,
          'totp_changed',
          '绑定已被另一请求更改，请重新开始',
          'The binding was changed by another request; start again',
          'code',
        );
      await tx
        .updateTable('sessions')
        .set({ second_factor_done: true })
        .where('token_hash', '=', tokenHash(token))
        .execute();
      await recordAudit(tx, {
        action: 'auth.totp_enabled',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
      });
    });
  }

  /** Changes one's own password under the policy; every other session of the user ends. */
  async changePassword(actor: Actor, token: string, current: string, next: string) {
    const user = await this.db
      .selectFrom('users')
      .select(['password_hash', 'locked_until'])
      .where('id', '=', actor.id)
      .executeTakeFirstOrThrow();
    const backedOff = !!user.locked_until && user.locked_until > new Date();
    // guessing the password through a borrowed session counts like guessing it at the sign-in form
    if (!(await verifyPassword(user.password_hash, current).catch(() => false)) || backedOff) {
      await this.fail(actor.ip ?? null, actor.username, 'reauth_password', actor.id, !backedOff);
      throw new AppError(
        400,
        'wrong_password',
        '当前密码不正确（多次失败后须稍候再试）',
        'The current password is wrong (after repeated failures, wait a little)',
        'currentPassword',
      );
    }
    checkPasswordPolicy(next, 'newPassword');
    if (next === current)
      throw new AppError(
        400,
        'password_unchanged',
        '新密码不能与当前密码相同',
        'The new password must differ from the current one',
        'newPassword',
      );
    const passwordHash = await hashPassword(next);
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', actor.id).execute();
      await tx
        .deleteFrom('sessions')
        .where('user_id', '=', actor.id)
        .where('token_hash', '!=', tokenHash(token))
        .execute();
      await recordAudit(tx, {
        action: 'auth.password_changed',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
      });
    });
  }

  /**
   * Records a failed sign-in: counted against the account (when one is concerned and `countAccount`,
   * i.e. it is not backed off already) and the client address, each in one atomic statement, with an alert entry for the
   * security administrator when an account starts backing off or an address reaches its limit.
   */
  private async fail(ip: string | null, username: string, reason: FailureReason, userId?: string, countAccount = true) {
    await this.db.transaction().execute(async (tx) => {
      const account =
        userId && countAccount
          ? await countAccountFailure(tx, userId, this.policy.maxFailures, this.policy.backoffMaxMinutes)
          : undefined;
      const fromAddress = ip ? await countAddressFailure(tx, ip) : 0;
      const base = { actorId: userId ?? null, actorName: username, ip };
      await recordAudit(tx, {
        ...base,
        action: 'auth.login_failed',
        details: { reason, ...(account ? { failures: account.failures } : {}) },
      });
      if (account?.backedOffUntil) {
        await recordAudit(tx, {
          ...base,
          action: 'auth.backoff',
          targetType: 'user',
          targetId: userId!,
          details: { reason, failures: account.failures, until: account.backedOffUntil.toISOString() },
        });
      }
      if (fromAddress === this.policy.addressMaxFailures) {
        await recordAudit(tx, {
          ...base,
          action: 'auth.address_blocked',
          details: { failures: fromAddress, windowMinutes: ADDRESS_WINDOW_MINUTES },
        });
      }
      if (reason === 'totp_replay' || reason === 'reauth_totp_replay')
        await recordAudit(tx, { ...base, action: 'auth.totp_replay', targetType: 'user', targetId: userId! });
    });
  }

  private async auditOnly(entry: Parameters<typeof recordAudit>[1]) {
    await this.db.transaction().execute((tx: Executor) => recordAudit(tx, entry));
  }
}
