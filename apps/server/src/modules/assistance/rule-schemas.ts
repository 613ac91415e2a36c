import type { z } from 'zod';
import { CareStandards, RewardMeasure } from '@grassroots/contracts';
import { RuleVersion } from './allowance-rules.ts';

// 优抚 standards and the family-planning reward measure: their schemas live in the contracts
export { CareStandards, RewardMeasure } from '@grassroots/contracts';

export type AnyRule = RuleVersion | CareStandards | RewardMeasure;

/** The schema a rule's programme calls for: 低保 rules, 优抚 standards, or a reward measure. */
export function ruleSchemaFor(programme: unknown): z.ZodType<AnyRule> {
  if (programme === 'preferentialCare' || programme === 'conscriptFamilyAllowance')
    return CareStandards as z.ZodType<AnyRule>;
  if (programme === 'familyPlanningReward') return RewardMeasure as z.ZodType<AnyRule>;
  return RuleVersion as z.ZodType<AnyRule>;
}

export const isAllowanceRule = (r: AnyRule): r is RuleVersion => 'monthlyStandardFen' in r;
