import type { CaseHooks } from '../../core/cases/case-type.ts';
import { dataOfLog } from '../../core/cases/derive.ts';
import { badInput, conflict } from '../../core/errors.ts';
import type { AssistanceRulesService } from './assistance-rules.service.ts';
import type { EntitlementsService } from './entitlements.service.ts';
import type { Assessment, Investigation } from './investigation.ts';
import { assess } from './minimum-allowance.hooks.ts';
import { findHouseholdEntitlement } from './reverification.repository.ts';

/** The re-verification's rules: the entitlement must be the household's and live; the decision is applied to it. */
export function reverificationHooks(rules: AssistanceRulesService, entitlements: () => EntitlementsService): CaseHooks {
  const entitlementOf = async (
    tx: Parameters<NonNullable<CaseHooks['beforeOpen']>>[0],
    id: unknown,
    householdId: string,
  ) => {
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
    return findHouseholdEntitlement(tx, id, householdId);
  };
  return {
    async beforeOpen(tx, ctx) {
      const e = await entitlementOf(tx, ctx.fields.entitlementId, ctx.subjectId);
      if (!e || e.status === 'terminated')
        throw badInput('fields.entitlementId', '该户没有这个在保的保障对象', 'No live entitlement of this household');
    },
    async beforeAction(tx, ctx) {
      const opening = ctx.log[0]!.inputs.fields as { entitlementId: string };
      const e = (await entitlementOf(tx, opening.entitlementId, ctx.caseRow.subjectId))!;
      if (ctx.action === 'investigate') return assess(tx, ctx, rules, e.programme);
      if (ctx.action === 'decide') {
        const found = dataOfLog(ctx.log) as { assessment: Assessment; investigation: Investigation };
        const outcome = ctx.fields.outcome as 'continue' | 'adjust' | 'terminate';
        if (outcome !== 'terminate' && !found.assessment.eligible)
          throw conflict(
            'not_eligible',
            '核查结果为不符合条件，应终止保障',
            'The household is no longer eligible: end the entitlement',
          );
        if (outcome === 'terminate' && found.assessment.eligible && !ctx.opinion)
          throw badInput('opinion', '请说明终止的理由', 'Give the reason for ending');
        const rule = await rules.allowanceVersionById(found.assessment.ruleVersionId, tx);
        if (!rule.classes.some((c) => c.code === ctx.fields.classCode))
          throw badInput(
            'fields.classCode',
            `该规则没有 ${String(ctx.fields.classCode)} 类`,
            `The rule has no class ${String(ctx.fields.classCode)}`,
          );
      }
    },
    async afterAction(tx, ctx) {
      if (ctx.action !== 'decide') return;
      const found = dataOfLog(ctx.log) as {
        entitlementId: string;
        assessment: Assessment;
        investigation: Investigation;
      };
      const rule = await rules.allowanceVersionById(found.assessment.ruleVersionId, tx);
      const cls = rule.classes.find((c) => c.code === ctx.fields.classCode)!;
      await entitlements().reverifyIn(tx, ctx.actor, found.entitlementId, {
        outcome: ctx.fields.outcome as 'continue' | 'adjust' | 'terminate',
        classCode: cls.code,
        reverifyMonths: cls.reverifyMonths,
        assessment: found.assessment,
        inputs: {
          members: found.assessment.members,
          months: found.investigation.months,
          members_incomes: found.investigation.members,
          assets: found.investigation.assets,
        },
        reason: `定期核查：${ctx.opinion ?? ''}`,
      });
    },
  };
}
