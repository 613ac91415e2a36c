import { z } from 'zod';
import { CalendarDate } from './dates.ts';

const isoDate = CalendarDate;

/** One year's State Council holiday notice (国务院办公厅关于部分节假日安排的通知). */
export const HolidayNotice = z
  .object({
    year: z.number().int().min(2000).max(2100),
    notice: z.object({ title: z.string().min(4), number: z.string().nullish(), published: isoDate.nullish() }),
    festivals: z
      .array(
        z.object({
          name: z.string().min(1),
          nameEn: z.string().optional(),
          daysOff: z.array(isoDate),
          makeUpWorkdays: z.array(isoDate),
        }),
      )
      .min(1),
  })
  .superRefine((n, ctx) => {
    n.festivals.forEach((f, i) => {
      for (const [key, days] of [
        ['daysOff', f.daysOff],
        ['makeUpWorkdays', f.makeUpWorkdays],
      ] as const) {
        days.forEach((d, j) => {
          if (!d.startsWith(String(n.year))) {
            ctx.addIssue({
              code: 'custom',
              path: ['festivals', i, key, j],
              message: `${d} 不在 ${n.year} 年 / not in ${n.year}`,
            });
          }
        });
      }
    });
  });
export type HolidayNotice = z.infer<typeof HolidayNotice>;
