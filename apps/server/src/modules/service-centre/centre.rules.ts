import { CalendarDate } from '@grassroots/contracts';
import { z } from 'zod';
import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import { shiftDate } from '../../core/calendar/working-calendar.ts';

export const isoDate = CalendarDate;
const hhmm = z.string().regex(/^[0-2]\d:[0-5]\d$/, '时间格式应为 HH:MM / time as HH:MM');

/** A plan of slots: the same times every working day of a range, on some or all of the centre's windows. */
export const SlotPlan = z
  .object({
    departmentId: z.string().uuid(),
    from: isoDate,
    to: isoDate,
    windowIds: z.array(z.string().uuid()).optional(),
    times: z
      .array(z.object({ startsAt: hhmm, endsAt: hhmm, capacity: z.number().int().min(1).max(500) }))
      .min(1)
      .max(24),
  })
  .superRefine((p, ctx) => {
    if (p.to < p.from)
      ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期早于开始日期 / to is before from' });
    p.times.forEach((t, i) => {
      if (t.endsAt <= t.startsAt)
        ctx.addIssue({
          code: 'custom',
          path: ['times', i, 'endsAt'],
          message: '结束时间应晚于开始时间 / ends before it starts',
        });
    });
  });
export type SlotPlan = z.output<typeof SlotPlan>;

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
