import { AppError } from '../errors.ts';

/** One State Council notice, as shipped in data/holidays/<year>.json. */
export interface HolidayNotice {
  year: number;
  notice: { title: string; number?: string | null; published?: string | null };
  festivals: Array<{ name: string; nameEn?: string; daysOff: string[]; makeUpWorkdays: string[] }>;
}

export type DayUnit = 'working' | 'calendar';

export class CalendarYearMissingError extends AppError {
  constructor(readonly year: number) {
    super(
      422,
      'calendar_year_missing',
      `${year}年的节假日安排尚未载入，无法计算工作日；请管理员先载入国务院办公厅${year}年节假日安排通知`,
      `No holiday data for ${year}: working days cannot be computed until the ${year} State Council notice is loaded`,
      undefined,
      { year },
    );
  }
}

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDate(date: string): number {
  const m = DATE_RE.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new AppError(
      400,
      'invalid_date',
      `日期格式不正确：${date}（应为 YYYY-MM-DD）`,
      `Invalid date: ${date} (expected YYYY-MM-DD)`,
      'date',
    );
  }
  return ms;
}

export function shiftDate(date: string, days: number): string {
  return new Date(parseDate(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Working days by the State Council's notices, never by "Monday to Friday" alone: a weekday can be a
 * holiday and a weekend day can be a make-up working day (调休). Pure; built from loaded notices.
 */
export class WorkingCalendar {
  private readonly years = new Set<number>();
  /** years computed from the statutory holidays while their notice is awaited */
  private readonly provisionalYears = new Set<number>();
  private readonly holidays = new Map<string, string>();
  private readonly makeUpWorkdays = new Map<string, string>();
  /** addDays in working days, remembered: `date|n` → the date (forgotten when a notice is added) */
  private readonly workingDaysAfter = new Map<string, string>();

  constructor(notices: Iterable<HolidayNotice> = []) {
    for (const n of notices) this.add(n);
  }

  /** From the stored form: the loaded years and their exceptional days. */
  static fromDays(
    years: number[],
    days: Array<{ day: string; kind: 'holiday' | 'makeUpWorkday'; name: string }>,
    provisionalYears: number[] = [],
  ): WorkingCalendar {
    const calendar = new WorkingCalendar();
    for (const y of years) calendar.years.add(y);
    for (const y of provisionalYears) calendar.provisionalYears.add(y);
    for (const d of days) (d.kind === 'holiday' ? calendar.holidays : calendar.makeUpWorkdays).set(d.day, d.name);
    return calendar;
  }

  add(notice: HolidayNotice): void {
    this.workingDaysAfter.clear();
    this.years.add(notice.year);
    for (const f of notice.festivals) {
      for (const d of f.daysOff) this.holidays.set(d, f.name);
      for (const d of f.makeUpWorkdays) this.makeUpWorkdays.set(d, f.name);
    }
  }

  hasYear(year: number): boolean {
    return this.years.has(year);
  }

  /** A provisional year: its due dates may move by a day or two when the notice brings its 调休. */
  isProvisional(year: number): boolean {
    return this.provisionalYears.has(year);
  }

  loadedYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /** Throws CalendarYearMissingError for a year whose notice is not loaded. */
  isWorkingDay(date: string): boolean {
    const ms = parseDate(date);
    const year = Number(date.slice(0, 4));
    if (!this.years.has(year)) throw new CalendarYearMissingError(year);
    if (this.makeUpWorkdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const weekday = new Date(ms).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** What kind of day it is, for explanations. */
  describe(date: string): { working: boolean; reason: string } {
    const working = this.isWorkingDay(date);
    const reason = this.makeUpWorkdays.has(date)
      ? `${this.makeUpWorkdays.get(date)}调休上班`
      : this.holidays.has(date)
        ? `${this.holidays.get(date)}假期`
        : working
          ? '工作日'
          : '周末';
    return {
      working,
      reason:
        this.provisionalYears.has(Number(date.slice(0, 4))) &&
        (this.holidays.has(date) || this.makeUpWorkdays.has(date))
          ? `${reason}（暂定）`
          : reason,
    };
  }

  /**
   * The date n days after `date`, not counting `date` itself (the day of acceptance is day 0).
   * Working-day mode counts only working days; n = 0 returns the date.
   */
  addDays(date: string, n: number, unit: DayUnit = 'working'): string {
    if (!Number.isInteger(n) || n < 0)
      throw new AppError(400, 'invalid_days', '天数必须是非负整数', 'Days must be a non-negative integer', 'n');
    if (unit === 'calendar') {
      const result = shiftDate(date, n);
      this.requireYears(date, result);
      return result;
    }
    // every command derives its clocks again from the whole log: the same few (date, n) come back
    const key = `${date}|${n}`;
    const known = this.workingDaysAfter.get(key);
    if (known !== undefined) return known;
    let d = date;
    let left = n;
    parseDate(date);
    while (left > 0) {
      d = shiftDate(d, 1);
      if (this.isWorkingDay(d)) left--;
    }
    if (this.workingDaysAfter.size >= 100_000) this.workingDaysAfter.clear();
    this.workingDaysAfter.set(key, d);
    return d;
  }

  /** Days in (from, to]: how many counted days have passed from `from` to `to`. 0 when to <= from. */
  countDays(from: string, to: string, unit: DayUnit = 'working'): number {
    const start = parseDate(from);
    const end = parseDate(to);
    if (end <= start) return 0;
    if (unit === 'calendar') {
      this.requireYears(from, to);
      return Math.round((end - start) / DAY_MS);
    }
    let count = 0;
    for (let d = shiftDate(from, 1); d <= to; d = shiftDate(d, 1)) if (this.isWorkingDay(d)) count++;
    return count;
  }

  /** Calendar-day limits still need every year they touch: a deadline must never run into an unknown year unannounced. */
  private requireYears(from: string, to: string): void {
    for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
      if (!this.years.has(y)) throw new CalendarYearMissingError(y);
    }
  }
}
