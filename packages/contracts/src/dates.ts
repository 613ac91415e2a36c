import { z } from 'zod';

/**
 * The one date type of the API. A shape check alone (\d{4}-\d{2}-\d{2}) let 2026-02-30 and
 * 2015-13-01 through to PostgreSQL, which refused them with a 500, and into jsonb, which stored
 * them. A date is accepted only if it survives the round trip through a real calendar, and only in
 * the years this platform can mean (nobody it serves was born before 1900; no plan runs past 2199).
 */
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;

export const CALENDAR_DATE_MESSAGE = `应为 ${FIRST_YEAR}–${LAST_YEAR} 年间真实存在的日期（YYYY-MM-DD） / must be a real calendar date YYYY-MM-DD between ${FIRST_YEAR} and ${LAST_YEAR}`;
export const CALENDAR_DATETIME_MESSAGE = `应为带时区的日期时间（如 2026-10-08T09:30:00+08:00） / must be an ISO 8601 date and time with its offset, between ${FIRST_YEAR} and ${LAST_YEAR}`;

/** YYYY-MM-DD naming a day that exists (2024-02-29 yes, 2026-02-30 no), within the platform's years. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE_SHAPE.test(value)) return false;
  const year = Number(value.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** A real calendar date as YYYY-MM-DD (Asia/Shanghai business day): use it for every date field and query parameter. */
export const CalendarDate = z
  .string()
  .regex(DATE_SHAPE, CALENDAR_DATE_MESSAGE)
  .refine(isCalendarDate, CALENDAR_DATE_MESSAGE)
  .meta({ format: 'date', example: '2026-10-08' });

// ISO 8601 with seconds optional, fraction optional, and a Z or ±hh:mm offset: no instant without its zone
const DATETIME_SHAPE =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** The instant an ISO 8601 date-time with offset names, or undefined when it names none (2026-02-30T…, 25:00, no zone). */
export function parseCalendarDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATETIME_SHAPE.exec(value);
  if (!m || !isCalendarDate(m[1])) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** An instant as an ISO 8601 date-time with its offset. */
export const CalendarDateTime = z
  .string()
  .refine((v) => parseCalendarDateTime(v) !== undefined, CALENDAR_DATETIME_MESSAGE)
  .meta({ format: 'date-time', example: '2026-10-08T09:30:00+08:00' });

const MONTH_SHAPE = /^\d{4}-(0[1-9]|1[0-2])$/;
export const CALENDAR_MONTH_MESSAGE = `应为 ${FIRST_YEAR}–${LAST_YEAR} 年间的月份（YYYY-MM） / must be a month YYYY-MM between ${FIRST_YEAR} and ${LAST_YEAR}`;

/** YYYY-MM naming a real month (its first day is a calendar date). */
export const isCalendarMonth = (value: unknown): value is string =>
  typeof value === 'string' && MONTH_SHAPE.test(value) && isCalendarDate(`${value}-01`);

/** A month as YYYY-MM (a payment period, a scorecard month, a visit month). */
export const CalendarMonth = z.string().refine(isCalendarMonth, CALENDAR_MONTH_MESSAGE).meta({ example: '2026-10' });
