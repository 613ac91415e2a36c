import path from 'node:path';
// this module's tables join `Tables` (core/db/schema.ts) wherever the module is compiled
import type {} from './assistance.schema.ts';
export { AssistanceRulesService } from './assistance-rules.service.ts';
export { minimumAllowanceHooks } from './minimum-allowance.hooks.ts';
export { minimumAllowanceType, ALLOWANCE_PROGRAMMES } from './minimum-allowance.workflow.ts';
export { reverificationType } from './reverification.workflow.ts';
export { reverificationHooks } from './reverification.hooks.ts';
export { scanReverifications } from './reverification-scan.ts';

import type { CaseService } from '../../core/cases/case.service.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import type { Db } from '../../core/db/database.ts';
import type { DocumentService } from '../../core/documents/documents.service.ts';
import type { Clock } from '../../core/time.ts';
import { AssistancePublicService } from './assistance-public.service.ts';
import { AssistanceRulesService } from './assistance-rules.service.ts';
import { AssistanceService } from './assistance.service.ts';
import { EntitlementsService } from './entitlements.service.ts';
import { PaymentsService } from './payments.service.ts';
import { FamilyPlanningService } from './family-planning.service.ts';
import { FundsService } from './funds.service.ts';
import { WorkRecordsService } from './work-records.service.ts';

export interface AssistanceModule {
  rules: AssistanceRulesService;
  portal: AssistancePublicService;
  applications: AssistanceService;
  entitlements: EntitlementsService;
  payments: PaymentsService;
  familyPlanning: FamilyPlanningService;
  funds: FundsService;
  work: WorkRecordsService;
}

export function createAssistanceModule(
  db: Db,
  cipher: PiiCipher,
  documents: DocumentService,
  cases: CaseService,
  clock: Clock,
  rules: AssistanceRulesService,
): AssistanceModule {
  return {
    rules,
    portal: new AssistancePublicService(db, cipher, clock),
    applications: new AssistanceService(db, cases),
    entitlements: new EntitlementsService(db, cipher, documents, rules, clock),
    payments: new PaymentsService(db, cipher, clock),
    familyPlanning: new FamilyPlanningService(db, rules, clock),
    funds: new FundsService(db, clock),
    work: new WorkRecordsService(db, clock),
  };
}
export { maskAccount } from './assistance-public.service.ts';
export { checkedAccount } from './bank-files.ts';
export { PROGRAMMES, periodStart, programmeName, type ProgrammeCode } from './programmes.ts';
export { addMonths, monthOf } from './investigation.ts';
export type { CareStandards } from './rule-schemas.ts';

import { defineModule } from '../../core/module.ts';
import { assistanceJobs } from './assistance.jobs.ts';
import { assistanceRoutes } from './assistance.routes.ts';
import { minimumAllowanceHooks as allowanceHooks } from './minimum-allowance.hooks.ts';
import { minimumAllowanceType as allowanceType } from './minimum-allowance.workflow.ts';
import { reverificationHooks as recheckHooks } from './reverification.hooks.ts';
import { reverificationType as recheckType } from './reverification.workflow.ts';

declare module '../../core/module.ts' {
  interface ModuleServices {
    assistance: AssistanceModule;
  }
}

/** 社会救助: 低保 and 特困 applications, entitlements, re-verification, payments, funds, family planning. */
export const assistanceModule = defineModule({
  name: 'assistance',
  needs: ['portal'],
  reads: ['registry'],
  migrations: path.join(import.meta.dirname, 'migrations'),
  jobs: ['assistance.reverification_scan'],
  caseTypes: [allowanceType, recheckType],
  permissions: ['assistance.read', 'assistance.manage', 'payment.prepare', 'payment.approve'],
  build: (ctx) => {
    const rules = new AssistanceRulesService(ctx.db);
    const service = createAssistanceModule(ctx.db, ctx.cipher, ctx.documents, ctx.cases, ctx.clock, rules);
    return {
      service,
      caseHooks: {
        [allowanceType.code]: allowanceHooks(rules),
        [recheckType.code]: recheckHooks(rules, () => service.entitlements),
      },
      routes: (server) => assistanceRoutes(server, { ...ctx, assistance: service }),
      jobs: assistanceJobs(ctx),
    };
  },
});
