import type { SlotPlan } from '@grassroots/contracts';
import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import { shiftDate } from '../../core/calendar/working-calendar.ts';

export const MAX_PLAN_DAYS = 92;

/**
 * The slots a plan makes: working days only (the holiday calendar, with its make-up Saturdays), a
 * peak day's extra capacity added to each of its slots.
 */
export function planSlots(
  plan: SlotPlan,
  windowIds: string[],
  calendar: WorkingCalendar,
  peakDays: Map<string, number>,
) {
  const days: string[] = [];
  for (let d = plan.from; d <= plan.to; d = shiftDate(d, 1)) {
    if (days.length > MAX_PLAN_DAYS * 2) break;
    if (calendar.isWorkingDay(d)) days.push(d);
  }
  return days.flatMap((day) =>
    windowIds.flatMap((windowId) =>
      plan.times.map((t) => ({
        window_id: windowId,
        day,
        starts_at: t.startsAt,
        ends_at: t.endsAt,
        capacity: t.capacity + (peakDays.get(day) ?? 0),
        peak: peakDays.has(day),
      })),
    ),
  );
}

const REF_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** A booking reference a resident can read out at the kiosk: Y + date + four characters. */
export function bookingReference(day: string, random: (n: number) => number) {
  let tail = '';
  for (let i = 0; i < 4; i++) tail += REF_ALPHABET[random(REF_ALPHABET.length)];
  return `Y${day.slice(2).replace(/-/g, '')}${tail}`;
}

const shanghaiClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
/** The time of day of an instant in Asia/Shanghai as HH:MM, the way slots are written. */
export const shanghaiTimeOf = (instant: Date) => shanghaiClock.format(instant);

/** Walk-ins draw A numbers, booked visitors Y numbers: the hall can see who booked. */
export const ticketNumber = (seq: number, booked: boolean) => `${booked ? 'Y' : 'A'}${String(seq).padStart(3, '0')}`;

/** Minutes between two instants, for waiting times. */
export const minutesBetween = (from: Date, to: Date) =>
  Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));

/** The value at a share of a sorted list (p50, p90), nearest rank. */
export function percentile(sorted: number[], share: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}
