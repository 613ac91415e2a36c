export { rectificationHooks, rectificationType } from './rectification.workflow.ts';
export { EvaluationService } from './evaluation.service.ts';
