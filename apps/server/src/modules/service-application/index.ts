export { serviceApplicationType } from './service-application.workflow.ts';

import { defineModule } from '../../core/module.ts';
import { serviceApplicationType as type } from './service-application.workflow.ts';

/** 一般事项申请: the engine's reference case type, with no rules of its own. */
export const serviceApplicationModule = defineModule({
  name: 'service-application',
  needs: [],
  caseTypes: [type],
  build: () => ({ service: undefined }),
});
