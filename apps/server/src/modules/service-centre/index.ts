import path from 'node:path';
// this module's tables join `Tables` (core/db/schema.ts) wherever the module is compiled
import type {} from './service-centre.schema.ts';
export { AppointmentsService } from './appointments.service.ts';
export { requireDepartment } from './centre.access.ts';
export { departmentsInScope } from './centre.repository.ts';
export { IntakeService } from './intake.service.ts';
export { QueueService } from './queue.service.ts';

import { defineModule } from '../../core/module.ts';
import { centreJobs } from './centre.jobs.ts';
import { centreRoutes, centreServices } from './centre.routes.ts';

declare module '../../core/module.ts' {
  interface ModuleServices {
    centre: ReturnType<typeof centreServices>;
  }
}

/** 政务服务中心: windows, slots and appointments, the queue, intake at the window. */
export const centreModule = defineModule({
  name: 'centre',
  needs: ['registry'],
  reads: ['catalogue'],
  migrations: path.join(import.meta.dirname, 'migrations'),
  jobs: ['centre.appointment_sms'],
  permissions: ['centre.serve', 'centre.manage'],
  build: (ctx) => {
    const service = centreServices(ctx);
    return { service, routes: (s) => centreRoutes(s, ctx, service), jobs: centreJobs(ctx, service.appointments) };
  },
});
