import path from 'node:path';
// this module's tables join `Tables` (core/db/schema.ts) wherever the module is compiled
import type {} from './care.schema.ts';
import { defineModule } from '../../core/module.ts';
import { careRoutes } from './care.routes.ts';
import { careJobs } from './visit-tasks.ts';

export { careRoutes } from './care.routes.ts';
export { careJobs, generateVisitTasks, visitDay } from './visit-tasks.ts';

/** 优抚: beneficiaries, the monthly visit day, records of care. */
export const careModule = defineModule({
  name: 'care',
  needs: ['assistance'],
  migrations: path.join(import.meta.dirname, 'migrations'),
  jobs: ['care.visit_tasks'],
  permissions: ['care.record'],
  build: (ctx) => ({ service: undefined, routes: (server) => careRoutes(server, ctx), jobs: careJobs(ctx) }),
});
