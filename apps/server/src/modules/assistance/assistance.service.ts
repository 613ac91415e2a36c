import { sql } from 'kysely';
import { type Actor, requireScope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import type { CaseService } from '../../core/cases/case.service.ts';
import type { Db } from '../../core/db/database.ts';
import { AppError } from '../../core/errors.ts';
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
    return this.db
      .selectFrom('assistance_online_applications as a')
      .innerJoin('persons as p', 'p.id', 'a.person_id')
      .innerJoin('households as h', 'h.id', 'a.household_id')
      .innerJoin('divisions as d', 'd.code', 'a.division_code')
      .select([
        'a.id',
        'a.programme',
        'a.reason',
        'a.bank_name',
        'a.account_masked',
        'a.submitted_at',
        'a.filed_by',
        'p.name as applicant',
        'p.id_number_masked',
        'h.number as householdNumber',
        'h.id as householdId',
        'd.name as divisionName',
      ])
      .where(inScope(scope, { division: 'a.division_code' }))
      .where(
        sql<boolean>`NOT EXISTS (SELECT 1 FROM cases c WHERE c.type_code = 'minimum_allowance' AND c.data->>'onlineApplicationId' = a.id::text)`,
      )
      .orderBy('a.submitted_at')
      .limit(200)
      .execute();
  }

  /** 受理网上申请: opens the case from the application (the case names it, which is how the resident follows it). */
  async takeUp(actor: Actor, id: string, idempotencyKey?: string) {
    const scope = requireScope(actor, 'case.open');
    const a = await this.db
      .selectFrom('assistance_online_applications as a')
      .innerJoin('persons as p', 'p.id', 'a.person_id')
      .innerJoin('household_members as m', 'm.person_id', 'a.person_id')
      .select(['a.id', 'a.programme', 'a.reason', 'a.household_id', 'p.name', 'm.relation'])
      .where('a.id', '=', id)
      .where(inScope(scope, { division: 'a.division_code' }))
      .executeTakeFirst();
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
    return this.db
      .selectFrom('assistance_objections as o')
      .innerJoin('cases as c', 'c.id', 'o.case_id')
      .select(['o.id', 'o.text', 'o.contact_name', 'o.contact_phone_masked', 'o.filed_at', 'o.answered_at', 'o.answer'])
      .where('o.case_id', '=', caseId)
      .where(
        inScope(scope, {
          department: 'c.owning_department_id',
          assisting: 'c.assisting_department_ids',
          division: 'c.division_code',
        }),
      )
      .orderBy('o.filed_at')
      .execute();
  }
}
