import path from 'node:path';
// this module's tables join `Tables` (core/db/schema.ts) wherever the module is compiled
import type {} from './agency.schema.ts';
import { defineModule, type ModuleContext } from '../../core/module.ts';
import { lookupLimitsOf } from '../portal/index.ts';
import { agencyRoutes } from './agency.routes.ts';
import { AgencyService } from './agency.service.ts';

declare module '../../core/module.ts' {
  interface ModuleServices {
    agency: AgencyService;
  }
}

const agencyService = (ctx: ModuleContext) =>
  new AgencyService(
    ctx.db,
    ctx.cases,
    ctx.caseTypes,
    ctx.cipher,
    ctx.clock,
    ctx.notifications,
    lookupLimitsOf(ctx.config),
  );

/** 代办: matters handled on a resident's behalf by a village agent. */
export const agencyModule = defineModule({
  name: 'agency',
  needs: [],
  reads: ['catalogue', 'org'],
  migrations: path.join(import.meta.dirname, 'migrations'),
  build: (ctx) => {
    const service = agencyService(ctx);
    return { service, routes: (s) => agencyRoutes(s, service) };
  },
});
