import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { isMobile, maskPhone } from '@grassroots/contracts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import { sm3Bytes as sm3 } from '../../core/crypto/sm.ts';
import type { Db } from '../../core/db/database.ts';
import { AppError, badInput } from '../../core/errors.ts';
import type { SmsTransport } from '../../core/sms.ts';
import {
  deleteSession,
  findLastCode,
  findLiveSession,
  insertCode,
  insertSession,
  lockLiveCode,
  lockPhone,
  markCodeUsed,
  setCodeAttempts,
} from './resident-auth.repository.ts';

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
      await lockPhone(tx, bidx);
      const last = await findLastCode(tx, bidx);
      if (last && now.getTime() - last.created_at.getTime() < RESEND_SECONDS * 1000) {
        throw new AppError(
          429,
          'code_too_soon',
          `验证码已发送，请 ${RESEND_SECONDS} 秒后再试`,
          `A code was just sent; wait ${RESEND_SECONDS} seconds`,
          'phone',
        );
      }
      await insertCode(tx, {
        phone_bidx: bidx,
        code_hash: sm3(`${bidx.toString('hex')}:${code}`),
        expires_at: new Date(now.getTime() + CODE_MINUTES * 60_000),
        created_at: now,
      });
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
        const row = await lockLiveCode(tx, bidx, now);
        if (!row || row.attempts >= MAX_ATTEMPTS) throw wrongCode();
        if (!timingSafeEqual(row.code_hash, sm3(`${bidx.toString('hex')}:${code}`))) {
          await setCodeAttempts(tx, row.id, row.attempts + 1);
          // the wrong guess must count even though the request fails: commit it, then refuse
          return { failed: true as const };
        }
        await markCodeUsed(tx, row.id, now);
        const token = randomBytes(32).toString('base64url');
        await insertSession(tx, {
          token_hash: sm3(token),
          phone_bidx: bidx,
          phone_masked: maskPhone(phone),
          created_at: now,
          expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
        });
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
    return findLiveSession(this.db, sm3(token), this.clock());
  }

  /** The signed-in resident, or 401: every portal route that is hers alone starts here. */
  async requireSession(token: string | undefined) {
    const s = await this.session(token);
    if (!s) throw new AppError(401, 'resident_unauthenticated', '请先用手机号登录', 'Sign in with your mobile first');
    return s;
  }

  async signOut(token: string | undefined) {
    if (token) await deleteSession(this.db, sm3(token));
  }
}
