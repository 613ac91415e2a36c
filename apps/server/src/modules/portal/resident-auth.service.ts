import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { isMobile, maskPhone } from '@grassroots/contracts';
import { sql } from 'kysely';
import { recordAudit } from '../../core/audit/audit.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import { sm3Bytes as sm3 } from '../../core/crypto/sm.ts';
import type { Db } from '../../core/db/database.ts';
import { AppError, badInput } from '../../core/errors.ts';
import type { SmsTransport } from '../../core/sms.ts';

export const RESIDENT_COOKIE = 'gr_resident';
const CODE_MINUTES = 5;
const RESEND_SECONDS = 60;
const MAX_ATTEMPTS = 5;
const SESSION_DAYS = 7;

const wrongCode = () =>
  new AppError(
    401,
    'code_invalid',
    '验证码错误或已过期，请重新获取',
    'Wrong or expired code; request a new one',
    'code',
  );

/**
 * Residents sign in with a mobile number and a six-digit code sent by SMS. Neither the number nor
 * the code is stored in clear: the number as its blind index (to find the resident's records later),
 * the code as a hash bound to that index.
 */
export class ResidentAuthService {
  constructor(
    private readonly db: Db,
    private readonly cipher: PiiCipher,
    private readonly sms: SmsTransport,
    private readonly clock: () => Date,
  ) {}

  async sendCode(phone: string, ip: string | null): Promise<{ sent: true; demoCode?: string }> {
    if (!isMobile(phone)) throw badInput('phone', '请输入11位手机号码', 'Enter an 11-digit mobile number');
    const bidx = this.cipher.blindIndex(phone);
    const now = this.clock();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await this.db.transaction().execute(async (tx) => {
      // one row lock per phone number: two quick requests cannot both send
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${bidx.toString('hex')}, 17))`.execute(tx);
      const last = await tx
        .selectFrom('resident_codes')
        .select('created_at')
        .where('phone_bidx', '=', bidx)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (last && now.getTime() - last.created_at.getTime() < RESEND_SECONDS * 1000) {
        throw new AppError(
          429,
          'code_too_soon',
          `验证码已发送，请 ${RESEND_SECONDS} 秒后再试`,
          `A code was just sent; wait ${RESEND_SECONDS} seconds`,
          'phone',
        );
      }
      await tx
        .insertInto('resident_codes')
        .values({
          phone_bidx: bidx,
          code_hash: sm3(`${bidx.toString('hex')}:${code}`),
          expires_at: new Date(now.getTime() + CODE_MINUTES * 60_000),
          created_at: now,
        })
        .execute();
      await recordAudit(tx, { action: 'resident.code_sent', actorName: maskPhone(phone), ip, details: {} });
    });
    await this.sms.send(
      phone,
      `【基层政务服务】您的登录验证码为 ${code}，${CODE_MINUTES} 分钟内有效。如非本人操作请忽略。`,
    );
    return this.sms.showsCode ? { sent: true, demoCode: code } : { sent: true };
  }

  async signIn(phone: string, code: string, ip: string | null) {
    if (!isMobile(phone)) throw badInput('phone', '请输入11位手机号码', 'Enter an 11-digit mobile number');
    if (!/^\d{6}$/.test(code)) throw badInput('code', '请输入6位验证码', 'Enter the 6-digit code');
    const bidx = this.cipher.blindIndex(phone);
    const now = this.clock();
    return this.db
      .transaction()
      .execute(async (tx) => {
        const row = await tx
          .selectFrom('resident_codes')
          .selectAll()
          .where('phone_bidx', '=', bidx)
          .where('used_at', 'is', null)
          .where('expires_at', '>', now)
          .orderBy('created_at', 'desc')
          .limit(1)
          .forUpdate()
          .executeTakeFirst();
        if (!row || row.attempts >= MAX_ATTEMPTS) throw wrongCode();
        if (!timingSafeEqual(row.code_hash, sm3(`${bidx.toString('hex')}:${code}`))) {
          await tx
            .updateTable('resident_codes')
            .set({ attempts: row.attempts + 1 })
            .where('id', '=', row.id)
            .execute();
          // the wrong guess must count even though the request fails: commit it, then refuse
          return { failed: true as const };
        }
        await tx.updateTable('resident_codes').set({ used_at: now }).where('id', '=', row.id).execute();
        const token = randomBytes(32).toString('base64url');
        await tx
          .insertInto('resident_sessions')
          .values({
            token_hash: sm3(token),
            phone_bidx: bidx,
            phone_masked: maskPhone(phone),
            created_at: now,
            expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
          })
          .execute();
        await recordAudit(tx, { action: 'resident.sign_in', actorName: maskPhone(phone), ip, details: {} });
        return { failed: false as const, token, phone: maskPhone(phone) };
      })
      .then((r) => {
        if (r.failed) throw wrongCode();
        return r;
      });
  }

  async session(token: string | undefined) {
    if (!token) return undefined;
    return this.db
      .selectFrom('resident_sessions')
      .select(['phone_masked', 'phone_bidx', 'expires_at'])
      .where('token_hash', '=', sm3(token))
      .where('expires_at', '>', this.clock())
      .executeTakeFirst();
  }

  /** The signed-in resident, or 401: every portal route that is hers alone starts here. */
  async requireSession(token: string | undefined) {
    const s = await this.session(token);
    if (!s) throw new AppError(401, 'resident_unauthenticated', '请先用手机号登录', 'Sign in with your mobile first');
    return s;
  }

  async signOut(token: string | undefined) {
    if (token) await this.db.deleteFrom('resident_sessions').where('token_hash', '=', sm3(token)).execute();
  }
}
