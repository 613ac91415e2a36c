import path from 'node:path';
// this module's tables join `Tables` (core/db/schema.ts) wherever the module is compiled
import type {} from './duty.schema.ts';
import { defineModule } from '../../core/module.ts';
import { dutyRoutes } from './duty.routes.ts';
import { DutyService } from './duty.service.ts';

declare module '../../core/module.ts' {
  interface ModuleServices {
    duty: DutyService;
  }
}

/** 值日: the leaders' duty rota and the day's duty log. */
export const dutyModule = defineModule({
  name: 'duty',
  needs: [],
  migrations: path.join(import.meta.dirname, 'migrations'),
  build: (ctx) => {
    const service = new DutyService(ctx.db, ctx.calendar, ctx.clock);
    return { service, routes: (s) => dutyRoutes(s, service) };
  },
});
