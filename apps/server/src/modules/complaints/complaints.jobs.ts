import type { App } from '../../app.ts';
import { today } from '../../core/time.ts';
import { escalateOverdue } from './escalation.ts';

/** The morning escalation of overdue work orders (and once at start). */
export async function startComplaintJobs(app: App, log: (msg: string) => void) {
  const run = async () => {
    const made = await escalateOverdue(app.db, await app.calendar.get(), today(app.clock));
    if (made[1] + made[2] + made[3])
      log(`complaints: ${made[1]} reminders, ${made[2]} supervision notices, ${made[3]} criticisms`);
  };
  await app.boss.work('complaints.escalation', run);
  await app.boss.schedule('complaints.escalation', '30 8 * * *', {}, { tz: 'Asia/Shanghai' });
  await app.boss.send('complaints.escalation', {});
  return { stop: () => app.boss.offWork('complaints.escalation') };
}
