import path from 'node:path';
// this module's tables join `Tables` (core/db/schema.ts) wherever the module is compiled
import type {} from './agency.schema.ts';
import { defineModule } from '../../core/module.ts';
import { agencyRoutes } from './agency.routes.ts';

/** 代办: matters handled on a resident's behalf by a village agent. */
export const agencyModule = defineModule({
  name: 'agency',
  needs: [],
  migrations: path.join(import.meta.dirname, 'migrations'),
  build: (ctx) => ({ service: undefined, routes: (s) => agencyRoutes(s, ctx) }),
});
