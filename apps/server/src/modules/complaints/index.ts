export { complaintOrderHooks, complaintOrderType } from './complaint-order.workflow.ts';
export { petitionHooks, petitionReviewHooks, petitionReviewType, petitionType } from './petition.workflow.ts';
export { ComplaintsService } from './complaints.service.ts';
export { priorConsultationHooks, priorConsultationType } from './prior-consultation.workflow.ts';
