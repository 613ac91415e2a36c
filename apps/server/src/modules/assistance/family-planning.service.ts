import { type Actor, requireScope, type Scope } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { Db, Executor } from '../../core/db/database.ts';
import { badInput } from '../../core/errors.ts';
import { type Clock, today } from '../../core/time.ts';
import type { AssistanceRulesService } from './assistance-rules.service.ts';
import { insertEntitlement } from './assistance.repository.ts';
import { rewardCandidatesInScope } from './family-planning.repository.ts';
import { addMonths, monthOf } from './investigation.ts';
import type { RewardMeasure } from './rule-schemas.ts';

const PROGRAMME = 'familyPlanningReward';

/**
 * 计生奖励扶助 evaluated against the registry: the head or spouse of a household with exactly one
 * child, from the measure's age, not yet enrolled. The list is reviewed; the chosen are enrolled,
 * each a person paid monthly through the same cycles as 低保.
 */
export class FamilyPlanningService {
  constructor(
    private readonly db: Db,
    private readonly rules: AssistanceRulesService,
    private readonly clock: Clock,
  ) {}

  async eligible(actor: Actor) {
    const scope = requireScope(actor, 'assistance.read');
    const measure = await this.measure(actor.divisionCode);
    const rows = await this.candidates(this.db, measure, scope);
    return {
      measure: { id: measure.id, minAge: measure.minAge, monthlyFen: measure.monthlyFen, basis: measure.basis },
      people: rows,
    };
  }

  async enrol(actor: Actor, personIds: string[]) {
    const scope = requireScope(actor, 'assistance.manage');
    if (personIds.length === 0 || personIds.length > 500)
      throw badInput('personIds', '请选择 1 至 500 人', 'Choose 1 to 500 persons');
    const measure = await this.measure(actor.divisionCode);
    const day = today(this.clock);
    return this.db.transaction().execute(async (tx) => {
      // the same test as the list, again inside the transaction: nobody is enrolled twice or out of reach
      const found = await this.candidates(tx, measure, scope, personIds);
      for (const p of found) {
        await insertEntitlement(tx, {
          programme: PROGRAMME,
          householdId: p.householdId,
          beneficiaryId: p.id,
          caseId: null,
          divisionCode: p.division_code,
          ruleVersionId: measure.id,
          inputs: { birthDate: p.birth_date, children: 1 },
          computation: {
            measure: measure.measure,
            minAge: measure.minAge,
            monthlyFen: measure.monthlyFen,
            basis: measure.basis,
          },
          amountFen: measure.monthlyFen,
          frequency: 'monthly',
          classCode: measure.measure,
          startMonth: monthOf(day),
          nextReverification: addMonths(day, 12),
          payeeName: p.name,
          account: null,
          memberIds: [],
          reason: '经核查符合奖励扶助条件',
          actorId: actor.id,
          actorName: actor.displayName,
          at: this.clock(),
        });
      }
      const refused = personIds.filter((id) => !found.some((p) => p.id === id));
      await recordAudit(tx, {
        action: 'assistance.family_planning_enrolled',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        divisionCode: actor.divisionCode,
        details: { enrolled: found.length, refused: refused.length, measure: measure.id },
      });
      return { enrolled: found.length, refused };
    });
  }

  private async measure(divisionCode: string) {
    const rule = await this.rules.versionFor(PROGRAMME, divisionCode, today(this.clock));
    return rule as RewardMeasure & { id: string };
  }

  private async candidates(db: Executor, m: RewardMeasure, scope: Scope, personIds?: string[]) {
    const born = addMonths(today(this.clock), -12 * m.minAge);
    return rewardCandidatesInScope(db, scope, { programme: PROGRAMME, bornBy: born, personIds });
  }
}
