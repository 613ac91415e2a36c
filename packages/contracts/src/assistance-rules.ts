import { z } from 'zod';
import { CalendarDate } from './dates.ts';

/**
 * The rule versions of the assistance programmes, as data: 低保 rules (standard, incomes, rounding, classes),
 * 优抚 standards and the family-planning reward measure. A version, once entered, is never edited. Money is
 * integer fen.
 */
const fen = z.number().int().min(0);
const where = {
  divisionCode: z.string().regex(/^\d{6}(\d{6})?$/),
  effectiveFrom: CalendarDate,
  basis: z.string().min(1),
};

export const Rounding = z.enum(['fen', 'yuanHalfUp', 'yuanUp', 'tenYuanUp']);
export type Rounding = z.infer<typeof Rounding>;

const AllowanceRuleShape = z.object({
  programme: z.string().regex(/^[a-z][a-zA-Z]*$/),
  /** the division the standard is set for (a city, a county, or a township with its own) */
  divisionCode: where.divisionCode,
  effectiveFrom: CalendarDate,
  /** e.g. 山西省运城市 2026 urban standard, per person per month */
  monthlyStandardFen: fen,
  /** income kinds that count (wages, farming, pensions …); anything else is refused as unknown */
  countedIncomeKinds: z.array(z.string()).min(1),
  /** kinds disregarded by policy: preferential-care pensions, awards, one-off grants … */
  excludedIncomeKinds: z.array(z.string()).default([]),
  /** deductions from counted income before the test (e.g. work expenses), per household per month */
  monthlyDeductionFen: fen.default(0),
  /** an eligible household gets at least this per month */
  minimumMonthlyAmountFen: fen.default(0),
  rounding: Rounding.default('fen'),
  /** management classes (A/B/C) and how often each is re-verified */
  classes: z
    .array(z.object({ code: z.string(), label: z.string(), reverifyMonths: z.number().int().min(1).max(36) }))
    .min(1),
  /** a suspension decided during a month stops payment from that month or from the next (the county's policy) */
  suspensionTakesEffect: z.enum(['sameMonth', 'nextMonth']).default('nextMonth'),
  /** the document that set it: 运民发〔2025〕12号 */
  basis: where.basis,
});

/** 低保 rules: the standard, the incomes that count, the rounding and the management classes. */
export const AllowanceRule = AllowanceRuleShape.superRefine((r, ctx) => {
  const both = r.countedIncomeKinds.filter((k) => r.excludedIncomeKinds.includes(k));
  if (both.length)
    ctx.addIssue({
      code: 'custom',
      path: ['excludedIncomeKinds'],
      message: `a kind cannot both count and be excluded: ${both.join(', ')}`,
    });
});
export type AllowanceRule = z.output<typeof AllowanceRule>;

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

/**
 * A new rule version as sent: its programme says which of the three schemas it must meet (AllowanceRule,
 * CareStandards or RewardMeasure). The service checks it against that schema and names the first field
 * that falls short (400 invalid_field).
 */
export const NewRuleVersion = z.looseObject({ programme: z.string() }).meta({
  description: 'AllowanceRule, CareStandards or RewardMeasure, by programme',
});
export type NewRuleVersion = z.infer<typeof NewRuleVersion>;

const stored = { id: z.string() };
/** A version as stored, with its id and every default filled in: the standards in force, the ones an entitlement was computed under. */
export const StoredRule = z.union([
  CareStandards.extend(stored),
  RewardMeasure.extend({ ...stored, measure: z.literal('onlyChildParents') }),
  AllowanceRuleShape.extend({
    ...stored,
    excludedIncomeKinds: z.array(z.string()),
    monthlyDeductionFen: fen,
    minimumMonthlyAmountFen: fen,
    rounding: Rounding,
    suspensionTakesEffect: z.enum(['sameMonth', 'nextMonth']),
  }),
]);
export type StoredRule = z.output<typeof StoredRule>;

export const RuleInForceQuery = z.object({
  programme: z.string().regex(/^[a-z][a-zA-Z]*$/),
  divisionCode: z.string().regex(/^\d{6,12}$/),
  on: CalendarDate,
});
export type RuleInForceQuery = z.infer<typeof RuleInForceQuery>;
