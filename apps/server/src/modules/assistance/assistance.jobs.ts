import { job, type ModuleContext } from '../../core/module.ts';
import { scanReverifications } from './reverification-scan.ts';

declare module '../../core/jobs/jobs.ts' {
  interface JobMap {
    'assistance.reverification_scan': Record<string, never>;
  }
}

/** The module's scheduled work: re-verification cases opened every night (Beijing time) and once at start. */
export function assistanceJobs(app: ModuleContext) {
  return [
    job({
      name: 'assistance.reverification_scan',
      schedule: { cron: '30 1 * * *', atStart: true },
      handle: async () => {
        const r = await scanReverifications(app);
        if (r.opened || r.withoutDepartment)
          app.log(
            `re-verification scan: ${r.opened} cases opened${r.withoutDepartment ? `, ${r.withoutDepartment} households without a township office` : ''}`,
          );
      },
    }),
  ];
}
