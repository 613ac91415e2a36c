import { job, type ModuleContext } from '../../core/module.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import { shiftDate } from '../../core/calendar/working-calendar.ts';
import type { Db } from '../../core/db/database.ts';
import { today } from '../../core/time.ts';
import { insertVisitTasks } from './care.repository.ts';

/** The visit day (每月18日走访日): the 18th, or the next working day when the 18th is a weekend or holiday. */
export function visitDay(calendar: WorkingCalendar, month: string, dayOfMonth = 18): string {
  let d = `${month}-${String(dayOfMonth).padStart(2, '0')}`;
  while (!calendar.isWorkingDay(d)) d = shiftDate(d, 1);
  return d;
}

/** One visit task per active beneficiary for the month, made once (a second run adds none). */
export async function generateVisitTasks(db: Db, calendar: WorkingCalendar, month: string): Promise<number> {
  const on = visitDay(calendar, month);
  return db.transaction().execute(async (tx) => {
    const made = await insertVisitTasks(tx, month, on);
    if (made)
      await recordAudit(tx, { action: 'care.visit_tasks', actorName: 'worker', details: { month, visitOn: on, made } });
    return made;
  });
}

declare module '../../core/jobs/jobs.ts' {
  interface JobMap {
    'care.visit_tasks': Record<string, never>;
  }
}

/** Each month's tasks made on its first day (Beijing time), and the current month's at start. */
export function careJobs(app: ModuleContext) {
  return [
    job({
      name: 'care.visit_tasks',
      schedule: { cron: '0 2 1 * *', atStart: true },
      handle: async () => {
        const month = today(app.clock).slice(0, 7);
        const made = await generateVisitTasks(app.db, await app.calendar.get(), month);
        if (made) app.log(`care: ${made} visit tasks for ${month}`);
      },
    }),
  ];
}
