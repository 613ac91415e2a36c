import { CaseTypeSpec, type CaseType } from '../core/cases/case-type.ts';
import { minimumAllowanceType, reverificationType } from '../modules/assistance/index.ts';
import { catalogueApplicationType } from '../modules/catalogue/index.ts';
import { complaintOrderType, petitionReviewType, petitionType, priorConsultationType } from '../modules/complaints/index.ts';
import { rectificationType } from '../modules/evaluation/index.ts';
import { serviceApplicationType } from '../modules/service-application/index.ts';

/**
 * Every case type, in the order docs/WORKFLOWS.md shows them, parsed as the registry parses them (defaults
 * filled in; no deployment's own limits). To be replaced by the composition root's module list.
 */
export function allCaseTypes(): CaseType[] {
  return [
    serviceApplicationType,
    minimumAllowanceType,
    reverificationType,
    catalogueApplicationType,
    rectificationType,
    complaintOrderType,
    petitionType,
    petitionReviewType,
    priorConsultationType,
  ].map((t) => CaseTypeSpec.parse(t));
}
