import { type Actor, requireScope } from '../../core/auth/actor.ts';
import type { CaseService } from '../../core/cases/case.service.ts';
import type { Db } from '../../core/db/database.ts';
import { AppError } from '../../core/errors.ts';
import {
  findOnlineApplicationInScope,
  objectionsOfCaseInScope,
  pendingOnlineApplicationsInScope,
} from './assistance.repository.ts';
import { programmeName } from './programmes.ts';

/** The workers' side of what residents file on the portal: online applications to take up, objections to answer. */
export class AssistanceService {
  constructor(
    private readonly db: Db,
    private readonly cases: CaseService,
  ) {}

  /** Online applications in the worker's area that no case has taken up yet. */
  async pendingOnlineApplications(actor: Actor) {
    const scope = requireScope(actor, 'case.open');
    return pendingOnlineApplicationsInScope(this.db, scope);
  }

  /** 受理网上申请: opens the case from the application (the case names it, which is how the resident follows it). */
  async takeUp(actor: Actor, id: string, idempotencyKey?: string) {
    const scope = requireScope(actor, 'case.open');
    const a = await findOnlineApplicationInScope(this.db, id, scope);
    if (!a)
      throw new AppError(
        404,
        'not_found',
        '网上申请不存在或不在您的辖区内',
        'Online application not found or outside your jurisdiction',
      );
    return this.cases.open(
      actor,
      {
        typeCode: 'minimum_allowance',
        title: `${a.name}家庭申请${programmeName(a.programme)}`,
        subject: { type: 'household', id: a.household_id },
        fields: {
          programme: a.programme,
          applicant: a.name,
          applicantRole: a.relation === 'head' ? 'head' : 'agent',
          reason: a.reason,
          onlineApplicationId: a.id,
        },
      },
      idempotencyKey,
    );
  }

  /** Objections against a case's notice, with the objector's phone masked. */
  async objections(actor: Actor, caseId: string) {
    const scope = requireScope(actor, 'case.read');
    return objectionsOfCaseInScope(this.db, caseId, scope);
  }
}
