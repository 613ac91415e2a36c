import path from 'node:path';
// this module's tables join `Tables` (core/db/schema.ts) wherever the module is compiled
import type {} from './catalogue.schema.ts';
export { catalogueApplicationHooks, catalogueApplicationType } from './catalogue.workflow.ts';
export { parseServiceItem } from './catalogue.rules.ts';
export { CatalogueService } from './catalogue.service.ts';

import { defineModule } from '../../core/module.ts';
import { catalogueBenchRoutes, catalogueRoutes } from './catalogue.routes.ts';
import { CatalogueService } from './catalogue.service.ts';
import { catalogueApplicationHooks as hooks, catalogueApplicationType as type } from './catalogue.workflow.ts';

declare module '../../core/module.ts' {
  interface ModuleServices {
    catalogue: CatalogueService;
  }
}

/** 政务服务事项目录: the catalogue of matters, its versions, and the application case type each item opens. */
export const catalogueModule = defineModule({
  name: 'catalogue',
  needs: [],
  migrations: path.join(import.meta.dirname, 'migrations'),
  caseTypes: [type],
  permissions: ['config.manage'],
  build: (ctx) => {
    const service = new CatalogueService(ctx.db, ctx.clock);
    return {
      service,
      caseHooks: { [type.code]: hooks },
      routes: (s) => catalogueRoutes(s, ctx, service),
      benchRoutes: (s) => catalogueBenchRoutes(s, ctx),
    };
  },
});
