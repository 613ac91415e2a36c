import path from 'node:path';
// this module's tables join `Tables` (core/db/schema.ts) wherever the module is compiled
import type {} from './evaluation.schema.ts';
export { rectificationHooks, rectificationType } from './rectification.workflow.ts';
export { EvaluationService } from './evaluation.service.ts';

import { defineModule } from '../../core/module.ts';
import { evaluationRoutes } from './evaluation.routes.ts';
import { EvaluationService } from './evaluation.service.ts';
import { rectificationHooks as hooks, rectificationType as type } from './rectification.workflow.ts';

declare module '../../core/module.ts' {
  interface ModuleServices {
    evaluation: EvaluationService;
  }
}

/** 好差评: ratings of the service, the bad review's rectification, scorecards. */
export const evaluationModule = defineModule({
  name: 'evaluation',
  needs: ['portal'],
  reads: ['centre', 'catalogue', 'agency', 'complaints'],
  migrations: path.join(import.meta.dirname, 'migrations'),
  caseTypes: [type],
  permissions: ['evaluation.read', 'evaluation.decide'],
  settings: ['GRASSROOTS_UNRATED_AS', 'GRASSROOTS_UNRATED_AFTER_DAYS'],
  build: (ctx) => {
    // the rating policy is the configuration's: how an unrated service counts, and after how many days
    const service = new EvaluationService(
      ctx.db,
      ctx.caseTypes,
      ctx.calendar,
      ctx.clock,
      {
        unratedAs: ctx.config.GRASSROOTS_UNRATED_AS,
        unratedAfterDays: ctx.config.GRASSROOTS_UNRATED_AFTER_DAYS,
      },
      ctx.notifications,
    );
    return { service, caseHooks: { [type.code]: hooks }, routes: (s) => evaluationRoutes(s, ctx, service) };
  },
});
