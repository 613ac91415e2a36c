import { describe, expect, it } from 'vitest';
import { CalendarDate, CalendarDateTime, isCalendarDate, parseCalendarDateTime } from './dates.ts';

describe('the one date type', () => {
  it('accepts only days that exist', () => {
    for (const d of ['2026-02-28', '2024-02-29', '2000-02-29', '1900-01-01', '2199-12-31', '2026-12-31'])
      expect(isCalendarDate(d), d).toBe(true);
    for (const d of [
      '2026-02-30',
      '2015-13-01',
      '2023-02-29',
      '1900-02-29',
      '2026-00-10',
      '2026-04-31',
      '2026-01-00',
      '0000-01-01',
      '1899-12-31',
      '2200-01-01',
      '2026-1-1',
      ' 2026-01-01',
      '2026-01-01T00:00:00Z',
      '２０２６-01-01',
      '',
    ])
      expect(isCalendarDate(d), d).toBe(false);
    expect(isCalendarDate(20260101)).toBe(false);
  });

  it('refuses through zod with a message in both languages', () => {
    const r = CalendarDate.safeParse('2026-02-30');
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/真实存在的日期.*real calendar date/);
    expect(CalendarDate.parse('2026-10-08')).toBe('2026-10-08');
  });

  it('reads a date-time only with its offset and a real day and time', () => {
    expect(parseCalendarDateTime('2026-10-08T09:30:00+08:00')?.toISOString()).toBe('2026-10-08T01:30:00.000Z');
    expect(parseCalendarDateTime('2026-10-08T01:30Z')?.toISOString()).toBe('2026-10-08T01:30:00.000Z');
    for (const v of [
      '2026-02-30T00:00:00Z',
      '2015-13-01T00:00:00Z',
      '2026-10-08T24:00:00Z',
      '2026-10-08T09:30:00',
      '2026-10-08',
      'yesterday',
      '2026-10-08T09:30:00+25:00',
    ])
      expect(parseCalendarDateTime(v), v).toBeUndefined();
    expect(CalendarDateTime.safeParse('2026-02-30T00:00:00Z').success).toBe(false);
  });
});
