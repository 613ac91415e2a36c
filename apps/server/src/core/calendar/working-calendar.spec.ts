import { describe, expect, it } from 'vitest';
import { shippedNotices } from './calendar.service.ts';
import { CalendarYearMissingError, WorkingCalendar } from './working-calendar.ts';

const shipped = shippedNotices();
const calendar = new WorkingCalendar(shipped);

describe('working calendar from the shipped State Council notices', () => {
  it('ships 2019 to 2026', () => {
    expect(calendar.loadedYears()).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it('skips the 2026 National Day holiday and counts the make-up Saturday', () => {
    expect(calendar.addDays('2026-09-30', 5)).toBe('2026-10-13');
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true); // Saturday 补班
    expect(calendar.isWorkingDay('2026-10-05')).toBe(false); // Monday, holiday
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false); // ordinary Sunday
  });

  it('agrees with the checks in the stack notes', () => {
    expect(calendar.addDays('2026-02-10', 10)).toBe('2026-03-02');
    expect(calendar.addDays('2026-09-18', 20)).toBe('2026-10-22');
  });

  it('counts calendar days when asked', () => {
    expect(calendar.addDays('2026-09-30', 5, 'calendar')).toBe('2026-10-05');
    expect(calendar.countDays('2026-09-30', '2026-10-13', 'calendar')).toBe(13);
  });

  it('counts working days as the inverse of adding them', () => {
    for (const [from, n] of [
      ['2026-09-30', 5],
      ['2025-12-25', 12],
      ['2024-04-28', 9],
    ] as const) {
      expect(calendar.countDays(from, calendar.addDays(from, n))).toBe(n);
    }
  });

  it('refuses a year without a notice, naming the year', () => {
    expect(() => calendar.isWorkingDay('2027-01-04')).toThrow(CalendarYearMissingError);
    expect(() => calendar.addDays('2026-12-28', 5)).toThrow(/2027/);
    expect(() => calendar.addDays('2026-12-28', 10, 'calendar')).toThrow(/2027/);
  });

  it('rejects malformed dates', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(/Invalid date/);
  });

  it('treats a weekday holiday inside New Year 2026 as a day off and Sunday 2026-01-04 as a working day', () => {
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-04')).toBe(true);
    expect(calendar.describe('2026-01-04').reason).toBe('元旦调休上班');
  });
});
