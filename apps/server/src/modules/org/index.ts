import path from 'node:path';
// this module's tables join `Tables` (core/db/schema.ts) wherever the module is compiled
import type {} from './org.schema.ts';
export { OrgService, loadChinaDivisions } from './org.service.ts';
export { insertDivisions, getDivision } from './org.repository.ts';

import { subjectInDivision } from '../../core/cases/case-subjects.ts';
import { defineModule } from '../../core/module.ts';
import { divisionRoutes } from './divisions.routes.ts';
import { OrgService as Org, loadChinaDivisions as loadDivisions } from './org.service.ts';
import { countProvinces } from './org.repository.ts';
import { organisationRoutes } from './organisations.ts';

declare module '../../core/module.ts' {
  interface ModuleServices {
    org: Org;
  }
}

/** The administrative tree (divisions, with splits and merges) and the register of organisations. */
export const orgModule = defineModule({
  name: 'org',
  needs: [],
  migrations: path.join(import.meta.dirname, 'migrations'),
  permissions: ['division.manage'],
  // what cases are opened on here: organisations by name
  subjects: { organisation: subjectInDivision('organisations', 'name') },
  // the national division seed to county level, once: every jurisdiction is a subtree of it
  prepare: async (db, log) => {
    if ((await countProvinces(db)) === 0) log(`loaded ${await loadDivisions(db)} divisions to county level`);
  },
  build: (ctx) => {
    const service = new Org(ctx.db);
    const self = { ...ctx, org: service };
    return {
      service,
      routes: async (server) => {
        await divisionRoutes(server, self);
        await organisationRoutes(server, ctx);
      },
    };
  },
});
