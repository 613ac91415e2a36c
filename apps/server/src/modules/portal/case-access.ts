import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Db } from '../../core/db/database.ts';
import { AppError, badInput } from '../../core/errors.ts';
import {
  complainantHasPhone,
  countLookupAttempt,
  deleteLookupCountsBefore,
  householdHasPhone,
  type LookupScope,
  personHasPhone,
  refundLookupAttempt,
} from './portal.repository.ts';

/**
 * How a resident proves a case is hers on the portal: its number and the random query code (查询码)
 * printed on the receipt, or — signed in with her phone — being its applicant. The sequential number
 * alone is public knowledge; the ID tail that used to go with it had 10,000 values and was written on
 * many forms. Failed look-ups are counted in the database per client address and per case, so
 * guessing stops after a few tries whichever API process answers.
 */

/** 31 characters nobody misreads: no 0/O, no 1/I/L (the migration's new_query_code() draws from the same). */
export const QUERY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const QUERY_CODE = /^[2-9A-HJKMNP-Z]{8}$/;

/** Residents type it as they like: lower case, a space or a dash between the halves. */
export const normaliseQueryCode = (raw: string) => raw.replace(/[\s-]/g, '').toUpperCase();
/** As printed: two groups of four, easier to read out on the phone. */
export const formatQueryCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

export interface LookupLimits {
  /** failed look-ups per client address (IPv6: per /64) and hour */
  perAddress: number;
  /** failed look-ups per case (or package) number and hour, from anywhere */
  perTarget: number;
}
/** A resident mistypes once or twice; 5 tries an hour on one case leave ~10⁻⁸ a year to a guesser of 40 bits (GRASSROOTS_LOOKUP_FAILURES_PER_*). */
export const DEFAULT_LOOKUP_LIMITS: LookupLimits = { perAddress: 20, perTarget: 5 };

export const lookupLimitsOf = (config: {
  GRASSROOTS_LOOKUP_FAILURES_PER_ADDRESS: number;
  GRASSROOTS_LOOKUP_FAILURES_PER_CASE: number;
}): LookupLimits => ({
  perAddress: config.GRASSROOTS_LOOKUP_FAILURES_PER_ADDRESS,
  perTarget: config.GRASSROOTS_LOOKUP_FAILURES_PER_CASE,
});

/** Refused until the hour's counts end (the reply says when, and the HTTP layer sends it as Retry-After). */
const tooMany = (at: Date) =>
  new AppError(
    429,
    'too_many_lookups',
    '查询失败次数过多，请一小时后再试，或携带身份证件到办事窗口查询',
    'Too many failed look-ups: try again in an hour, or ask at the service window',
    undefined,
    { retryAfterSeconds: Math.max(1, Math.ceil((hourOf(at).getTime() + 3_600_000 - at.getTime()) / 1000)) },
  );

/** An IPv6 client owns a whole /64: count it as one address. */
export function addressKey(ip: string | null | undefined): string {
  const a = (ip ?? '').trim();
  if (isIP(a) !== 6) return a || 'unknown';
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(a)) return a.slice(7);
  const [head = '', tail = ''] = a.toLowerCase().split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = a.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

type Scope = LookupScope;
const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);

/** One more attempt in this hour, counted before the check so concurrent guesses cannot share a count. */
async function reserve(db: Db, scope: Scope, key: string, at: Date): Promise<number> {
  const failures = await countLookupAttempt(db, scope, key, hourOf(at));
  // a new hour's first row: forget the counts of yesterday
  if (failures === 1) await deleteLookupCountsBefore(db, new Date(at.getTime() - 86_400_000));
  return failures;
}

async function refund(db: Db, scope: Scope, key: string, at: Date) {
  await refundLookupAttempt(db, scope, key, hourOf(at));
}

/**
 * Runs one public look-up under the limits: the attempt is counted first (atomically, per address and
 * per target); over either limit the answer is 429 whatever the credentials; a look-up that finds its
 * record gives the attempt back, so only failures use up the allowance.
 */
export async function limitedLookup<T>(
  db: Db,
  opts: { ip: string | null | undefined; scope: 'case' | 'package'; target: string; at: Date; limits?: LookupLimits },
  find: () => Promise<T | undefined>,
  notFound: () => Error,
): Promise<T> {
  const limits = opts.limits ?? DEFAULT_LOOKUP_LIMITS;
  const address = addressKey(opts.ip);
  const target = opts.target.trim().toUpperCase().slice(0, 60);
  const [byAddress, byTarget] = [
    await reserve(db, 'address', address, opts.at),
    await reserve(db, opts.scope, target, opts.at),
  ];
  if (byAddress > limits.perAddress || byTarget > limits.perTarget) throw tooMany(opts.at);
  const found = await find();
  if (found === undefined) throw notFound();
  await refund(db, 'address', address, opts.at);
  await refund(db, opts.scope, target, opts.at);
  return found;
}

/** Compares a typed code with the stored one in constant time; a malformed code never matches. */
export function queryCodeMatches(stored: string, typed: string): boolean {
  const t = normaliseQueryCode(typed);
  if (!QUERY_CODE.test(t)) return false;
  return timingSafeEqual(Buffer.from(stored), Buffer.from(t));
}

/** The query code, when one is given, must look like one: 400 naming the field (nothing is counted for a typo of form). */
export function checkQueryCodeForm(field: string, typed: string | undefined) {
  if (typed === undefined || typed.trim() === '') return undefined;
  const t = normaliseQueryCode(typed);
  if (!QUERY_CODE.test(t))
    throw badInput(
      field,
      '查询码为受理回执上的8位字母数字（不含0、1、I、L、O）',
      'The query code is the 8 letters and digits on the receipt (no 0, 1, I, L or O)',
    );
  return t;
}

/** Whether the resident signed in with this phone is the case's applicant: the person, a member of the household, or the complainant. */
export async function residentOwnsCase(
  db: Db,
  c: { id: string; subject_type: string; subject_id: string },
  phoneBidx: Buffer,
): Promise<boolean> {
  switch (c.subject_type) {
    case 'person':
      return personHasPhone(db, c.subject_id, phoneBidx);
    case 'household':
      return householdHasPhone(db, c.subject_id, phoneBidx);
    case 'complaint':
      return complainantHasPhone(db, c.id, phoneBidx);
    default:
      return false;
  }
}
