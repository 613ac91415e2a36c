import type { App } from '../../app.ts';
import { scanReverifications } from './reverification-scan.ts';

/** The module's scheduled work: re-verification cases opened every night (Beijing time) and once at start. */
export async function startAssistanceJobs(app: App, log: (msg: string) => void) {
  await app.boss.work('assistance.reverification_scan', async () => {
    const r = await scanReverifications(app);
    if (r.opened || r.withoutDepartment)
      log(
        `re-verification scan: ${r.opened} cases opened${r.withoutDepartment ? `, ${r.withoutDepartment} households without a township office` : ''}`,
      );
  });
  await app.boss.schedule('assistance.reverification_scan', '30 1 * * *', {}, { tz: 'Asia/Shanghai' });
  await app.boss.send('assistance.reverification_scan', {});
  return { stop: () => app.boss.offWork('assistance.reverification_scan') };
}
