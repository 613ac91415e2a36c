import { AllowanceRule, type Rounding } from '@grassroots/contracts';
import { yuanOf } from './bank-files.ts';

/**
 * 低保 and the other assistance programmes: their rules as data, versioned by effective date and
 * division. An entitlement stores the version it was computed under and the inputs it was computed
 * from, so an appeal years later is answered with the same arithmetic. Money is integer fen.
 */
/** 低保 rules as data: the schema lives in the contracts, where the API declares it. */
export const RuleVersion = AllowanceRule;
export type RuleVersion = AllowanceRule;

/**
 * The version that applies in a division on a date: the most specific division that has one (a
 * township's own standard over its county's, the county's over the city's), and within it the
 * latest that has taken effect.
 */
export function ruleVersionFor<R extends { programme: string; divisionCode: string; effectiveFrom: string }>(
  versions: R[],
  programme: string,
  divisionPath: string,
  onDate: string,
): R | undefined {
  const candidates = versions.filter(
    (v) => v.programme === programme && v.effectiveFrom <= onDate && divisionPath.includes(`/${v.divisionCode}/`),
  );
  const depth = (v: R) => divisionPath.indexOf(`/${v.divisionCode}/`);
  return candidates.sort((a, b) => depth(b) - depth(a) || b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
}

export interface IncomeRecord {
  memberId: string;
  kind: string;
  month: string;
  amountFen: number;
}

export interface AllowanceInput {
  members: number;
  /** the months the household economic investigation covered */
  months: string[];
  incomes: IncomeRecord[];
}

export type AllowanceResult =
  | {
      eligible: false;
      reason: 'incomeAtOrAboveStandard';
      householdMonthlyIncomeFen: number;
      thresholdFen: number;
      explanation: string[];
    }
  | {
      eligible: true;
      monthlyAmountFen: number;
      householdMonthlyIncomeFen: number;
      perCapitaMonthlyIncomeFen: number;
      explanation: string[];
    };

export class UnknownIncomeKindError extends Error {
  constructor(readonly kinds: string[]) {
    super(`income kinds the rule does not name: ${kinds.join(', ')}`);
  }
}

const yuan = yuanOf;

/** Integer division rounding half up, for non-negative numerators. */
const divideHalfUp = (a: number, b: number) => Math.floor((2 * a + b) / (2 * b));

function round(fenAmount: number, rule: Rounding): number {
  switch (rule) {
    case 'fen':
      return fenAmount;
    case 'yuanHalfUp':
      return divideHalfUp(fenAmount, 100) * 100;
    case 'yuanUp':
      return Math.ceil(fenAmount / 100) * 100;
    case 'tenYuanUp':
      return Math.ceil(fenAmount / 1000) * 1000;
  }
}

/**
 * 补差: (standard − per-capita income) × members, computed as standard × members − household income
 * so that no per-capita rounding enters the amount. Household monthly income is the counted income
 * over the investigation months, less the deduction, rounded half up to the fen. Every step leaves
 * a sentence in `explanation` for the notice and for an appeal.
 */
export function computeAllowance(rule: RuleVersion, input: AllowanceInput): AllowanceResult {
  if (!Number.isInteger(input.members) || input.members < 1)
    throw new RangeError('a household has at least one member');
  if (input.months.length < 1) throw new RangeError('the investigation covers at least one month');
  const unknown = [
    ...new Set(
      input.incomes
        .map((i) => i.kind)
        .filter((k) => !rule.countedIncomeKinds.includes(k) && !rule.excludedIncomeKinds.includes(k)),
    ),
  ];
  if (unknown.length) throw new UnknownIncomeKindError(unknown);
  const inPeriod = input.incomes.filter((i) => input.months.includes(i.month));
  const counted = inPeriod.filter((i) => rule.countedIncomeKinds.includes(i.kind)).reduce((s, i) => s + i.amountFen, 0);
  const excluded = inPeriod
    .filter((i) => rule.excludedIncomeKinds.includes(i.kind))
    .reduce((s, i) => s + i.amountFen, 0);
  const monthly = Math.max(0, divideHalfUp(counted, input.months.length) - rule.monthlyDeductionFen);
  const threshold = rule.monthlyStandardFen * input.members;
  const explanation = [
    `保障标准 ${yuan(rule.monthlyStandardFen)} 元/人·月（${rule.basis}，${rule.effectiveFrom} 起），家庭 ${input.members} 人`,
    `计入收入 ${yuan(counted)} 元（${input.months.length} 个月），不计入 ${yuan(excluded)} 元；扣减 ${yuan(rule.monthlyDeductionFen)} 元/月；家庭月收入 ${yuan(monthly)} 元`,
  ];
  if (monthly >= threshold) {
    explanation.push(`家庭月收入不低于 ${yuan(threshold)} 元（标准 × 人数），不符合条件`);
    return {
      eligible: false,
      reason: 'incomeAtOrAboveStandard',
      householdMonthlyIncomeFen: monthly,
      thresholdFen: threshold,
      explanation,
    };
  }
  const gap = threshold - monthly;
  const amount = round(Math.max(gap, rule.minimumMonthlyAmountFen), rule.rounding);
  explanation.push(
    `补差 ${yuan(threshold)} − ${yuan(monthly)} = ${yuan(gap)} 元${gap < rule.minimumMonthlyAmountFen ? `，低于最低 ${yuan(rule.minimumMonthlyAmountFen)} 元按最低发放` : ''}${rule.rounding === 'fen' ? '' : `，取整后 ${yuan(amount)} 元`}`,
  );
  return {
    eligible: true,
    monthlyAmountFen: amount,
    householdMonthlyIncomeFen: monthly,
    perCapitaMonthlyIncomeFen: divideHalfUp(monthly, input.members),
    explanation,
  };
}
