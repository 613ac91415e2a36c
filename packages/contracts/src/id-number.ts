/** Resident ID numbers (公民身份号码, GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check character. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
// GB/T 2260 province-level prefixes (83 is used for Taiwan residents' mainland numbers)
const PROVINCE_PREFIXES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(' '),
);

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export type IdNumberProblem = 'format' | 'checksum' | 'birthDate' | 'birthInFuture' | 'birthTooEarly' | 'division';

// no living resident was born before 1900; an earlier year is a typing error
const EARLIEST_BIRTH = '1900-01-01';
const shanghaiDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today as YYYY-MM-DD in Asia/Shanghai: a number issued in Beijing must not be born "tomorrow" by UTC. */
export const shanghaiToday = (now: Date = new Date()) => shanghaiDay.format(now);

export interface IdNumberInfo {
  divisionCode: string;
  birthDate: string;
  sex: 'male' | 'female';
}

/**
 * Parses and validates; returns the problem instead of throwing so callers can name the field.
 * `today` (Asia/Shanghai) is the server's business day, so a pinned demo clock is honoured.
 */
export function parseIdNumber(
  raw: string,
  today: string = shanghaiToday(),
): { ok: true; value: string; info: IdNumberInfo } | { ok: false; problem: IdNumberProblem } {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'format' };
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'checksum' };
  if (!PROVINCE_PREFIXES.has(value.slice(0, 2))) return { ok: false, problem: 'division' };
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  const ms = Date.parse(`${birthDate}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== birthDate)
    return { ok: false, problem: 'birthDate' };
  if (birthDate < EARLIEST_BIRTH) return { ok: false, problem: 'birthTooEarly' };
  if (birthDate > today) return { ok: false, problem: 'birthInFuture' };
  const sex = Number(value[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, value, info: { divisionCode: value.slice(0, 6), birthDate, sex } };
}

export const idNumberProblemText: Record<IdNumberProblem, { zh: string; en: string }> = {
  format: { zh: '公民身份号码应为18位（17位数字加1位数字或X）', en: 'ID number must be 17 digits and a digit or X' },
  checksum: { zh: '公民身份号码校验码不正确', en: 'ID number check character is wrong' },
  birthDate: { zh: '公民身份号码中的出生日期无效', en: 'ID number holds an invalid birth date' },
  birthInFuture: { zh: '公民身份号码中的出生日期晚于今天', en: 'ID number holds a birth date after today' },
  birthTooEarly: { zh: '公民身份号码中的出生日期早于1900年', en: 'ID number holds a birth date before 1900' },
  division: { zh: '公民身份号码中的行政区划代码无效', en: 'ID number holds an invalid division code' },
};
