import { job, type ModuleContext } from '../../core/module.ts';
import { today } from '../../core/time.ts';
import { escalateOverdue } from './escalation.ts';

declare module '../../core/jobs/jobs.ts' {
  interface JobMap {
    'complaints.escalation': Record<string, never>;
  }
}

/** The morning escalation of overdue work orders (and once at start). */
export function complaintJobs(app: ModuleContext) {
  return [
    job({
      name: 'complaints.escalation',
      schedule: { cron: '30 8 * * *', atStart: true },
      handle: async () => {
        const made = await escalateOverdue(app.db, app.notifications, await app.calendar.get(), today(app.clock));
        if (made[1] + made[2] + made[3])
          app.log(`complaints: ${made[1]} reminders, ${made[2]} supervision notices, ${made[3]} criticisms`);
      },
    }),
  ];
}
