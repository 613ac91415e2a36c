import path from 'node:path';
// this module's tables join `Tables` (core/db/schema.ts) wherever the module is compiled
import type {} from './evaluation.schema.ts';
export { rectificationHooks, rectificationType } from './rectification.workflow.ts';
export { EvaluationService } from './evaluation.service.ts';

import { defineModule } from '../../core/module.ts';
import { evaluationRoutes } from './evaluation.routes.ts';
import { rectificationHooks as hooks, rectificationType as type } from './rectification.workflow.ts';

/** 好差评: ratings of the service, the bad review's rectification, scorecards. */
export const evaluationModule = defineModule({
  name: 'evaluation',
  needs: ['portal'],
  migrations: path.join(import.meta.dirname, 'migrations'),
  caseTypes: [type],
  permissions: ['evaluation.read', 'evaluation.decide'],
  settings: ['GRASSROOTS_UNRATED_AS', 'GRASSROOTS_UNRATED_AFTER_DAYS'],
  build: (ctx) => ({ service: undefined, caseHooks: { [type.code]: hooks }, routes: (s) => evaluationRoutes(s, ctx) }),
});
