import { z } from 'zod';
import { CalendarDate, CalendarMonth } from '@grassroots/contracts';

const month = CalendarMonth;
const isoDate = CalendarDate;

/**
 * 入户调查 / 家庭经济状况核对: what the investigators record — each member's income by kind and
 * month, the household's assets, and the home visit itself. The visit's photos are the action's
 * attachments.
 */
export const Investigation = z.object({
  months: z.array(month).min(1).max(12),
  members: z
    .array(
      z.object({
        personId: z.string().uuid(),
        ableToWork: z.boolean().default(false),
        incomes: z
          .array(
            z.object({ kind: z.string().min(1).max(40), month, amountFen: z.number().int().min(0).max(100_000_000) }),
          )
          .max(200)
          .default([]),
      }),
    )
    .min(1)
    .max(30),
  assets: z
    .object({
      depositsFen: z.number().int().min(0).default(0),
      vehicles: z.number().int().min(0).max(20).default(0),
      housing: z.string().max(200).default(''),
    })
    .default({ depositsFen: 0, vehicles: 0, housing: '' }),
  homeVisit: z.object({
    date: isoDate,
    visitors: z.array(z.string().trim().min(1).max(30)).min(2, '入户调查应不少于2人').max(10),
    findings: z.string().trim().min(1).max(4000),
  }),
});
export type Investigation = z.output<typeof Investigation>;

/** What the investigation computed, stored with the action and later with the entitlement. */
export interface Assessment {
  ruleVersionId: string;
  programme: string;
  members: number;
  eligible: boolean;
  monthlyAmountFen: number;
  householdMonthlyIncomeFen: number;
  explanation: string[];
}

export { maskName } from '../../core/values.ts';

/** First day of the month of a date, and months added to a date (clamped to the month's end). */
export const monthOf = (date: string) => `${date.slice(0, 7)}-01`;
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const mon = (total % 12) + 1;
  const last = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return `${year}-${String(mon).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
