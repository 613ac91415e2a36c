import { z } from 'zod';
import { CalendarDate } from '@grassroots/contracts';
import { RuleVersion } from './allowance-rules.ts';

const isoDate = CalendarDate;
const fen = z.number().int().min(0);
const where = { divisionCode: z.string().regex(/^\d{6}(\d{6})?$/), effectiveFrom: isoDate, basis: z.string().min(1) };

/** 优抚 standards: an amount a year per category (disabled servicemen by grade, martyrs' families …), paid by the programme's frequency. */
export const CareStandards = z.object({
  programme: z.enum(['preferentialCare', 'conscriptFamilyAllowance']),
  ...where,
  categories: z
    .array(z.object({ code: z.string().regex(/^[a-z][a-zA-Z0-9]*$/), label: z.string().min(1), annualFen: fen.min(1) }))
    .min(1),
});
export type CareStandards = z.output<typeof CareStandards>;

/** 计生奖励扶助: parents of an only child (in the registry's households) from an age, a monthly reward. */
export const RewardMeasure = z.object({
  programme: z.literal('familyPlanningReward'),
  ...where,
  measure: z.literal('onlyChildParents').default('onlyChildParents'),
  minAge: z.number().int().min(40).max(90),
  monthlyFen: fen.min(1),
});
export type RewardMeasure = z.output<typeof RewardMeasure>;

export type AnyRule = RuleVersion | CareStandards | RewardMeasure;

/** The schema a rule's programme calls for: 低保 rules, 优抚 standards, or a reward measure. */
export function ruleSchemaFor(programme: unknown): z.ZodType<AnyRule> {
  if (programme === 'preferentialCare' || programme === 'conscriptFamilyAllowance')
    return CareStandards as z.ZodType<AnyRule>;
  if (programme === 'familyPlanningReward') return RewardMeasure as z.ZodType<AnyRule>;
  return RuleVersion as z.ZodType<AnyRule>;
}

export const isAllowanceRule = (r: AnyRule): r is RuleVersion => 'monthlyStandardFen' in r;
