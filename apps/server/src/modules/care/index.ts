import path from 'node:path';
// this module's tables join `Tables` (core/db/schema.ts) wherever the module is compiled
import type {} from './care.schema.ts';
import { defineModule } from '../../core/module.ts';
import { careRoutes } from './care.routes.ts';
import { CareService } from './care.service.ts';
import { careJobs } from './visit-tasks.ts';

export { generateVisitTasks, visitDay } from './visit-tasks.ts';

declare module '../../core/module.ts' {
  interface ModuleServices {
    care: CareService;
  }
}

/** 优抚: beneficiaries, the monthly visit day, records of care. */
export const careModule = defineModule({
  name: 'care',
  needs: ['assistance'],
  reads: ['registry'],
  migrations: path.join(import.meta.dirname, 'migrations'),
  jobs: ['care.visit_tasks'],
  permissions: ['care.record'],
  build: (ctx) => {
    const service = new CareService(ctx.db, ctx.cipher, ctx.assistance, ctx.clock);
    return { service, routes: (server) => careRoutes(server, ctx, service), jobs: careJobs(ctx) };
  },
});
