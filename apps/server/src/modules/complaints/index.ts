import path from 'node:path';
// this module's tables join `Tables` (core/db/schema.ts) wherever the module is compiled
import type {} from './complaints.schema.ts';
export { complaintOrderHooks, complaintOrderType } from './complaint-order.workflow.ts';
export { petitionHooks, petitionReviewHooks, petitionReviewType, petitionType } from './petition.workflow.ts';
export { ComplaintsService } from './complaints.service.ts';
export { CategoriesService } from './complaint-categories.service.ts';
export { CoordinationService } from './coordination.service.ts';
export { priorConsultationHooks, priorConsultationType } from './prior-consultation.workflow.ts';

import { subjectInDivision } from '../../core/cases/case-subjects.ts';
import { defineModule } from '../../core/module.ts';
import { complaintJobs } from './complaints.jobs.ts';
import { complaintRoutes, complaintServices } from './complaints.routes.ts';
import { complaintOrderHooks as orderHooks, complaintOrderType as orderType } from './complaint-order.workflow.ts';
import { disputeRoutes } from './disputes.routes.ts';
import { open311Routes } from './open311.routes.ts';
import * as petitions from './petition.workflow.ts';
import * as prior from './prior-consultation.workflow.ts';

declare module '../../core/module.ts' {
  interface ModuleServices {
    complaints: ReturnType<typeof complaintServices>;
  }
}

/** 12345 and 信访: work orders, petitions and their review, prior consultation, disputes and meetings; Open311. */
export const complaintsModule = defineModule({
  name: 'complaints',
  needs: ['portal'],
  migrations: path.join(import.meta.dirname, 'migrations'),
  jobs: ['complaints.escalation'],
  caseTypes: [orderType, petitions.petitionType, petitions.petitionReviewType, prior.priorConsultationType],
  permissions: ['complaint.manage', 'dispute.manage'],
  // what cases are opened on here: matters received (诉求) by their complainant, who may be anonymous: the place of the matter decides the reach
  subjects: { complaint: subjectInDivision('complaints', 'complainant_name', '匿名') },
  settings: ['GRASSROOTS_SEND_BACK_DAYS', 'GRASSROOTS_DISPUTE_ATTEMPTS_BEFORE_FLAG'],
  build: (ctx) => {
    const service = complaintServices(ctx);
    return {
      service,
      caseHooks: {
        [orderType.code]: orderHooks(() => ctx.config.GRASSROOTS_SEND_BACK_DAYS),
        [petitions.petitionType.code]: petitions.petitionHooks,
        [petitions.petitionReviewType.code]: petitions.petitionReviewHooks,
        [prior.priorConsultationType.code]: prior.priorConsultationHooks,
      },
      routes: async (server) => {
        await complaintRoutes(server, ctx, service);
        await disputeRoutes(server, ctx, service);
      },
      rootRoutes: (server) => open311Routes(server, ctx, service.open311),
      jobs: complaintJobs(ctx),
    };
  },
});
