import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AllowanceInput,
  computeAllowance,
  RuleVersion,
  ruleVersionFor,
  UnknownIncomeKindError,
} from './allowance-rules.ts';

const base = RuleVersion.parse({
  programme: 'urbanMinimumAllowance',
  divisionCode: '140800',
  effectiveFrom: '2026-01-01',
  monthlyStandardFen: 78_000,
  countedIncomeKinds: ['wages', 'farming', 'pension', 'business'],
  excludedIncomeKinds: ['careAllowance', 'award'],
  classes: [
    { code: 'A', label: 'A类（基本稳定）', reverifyMonths: 12 },
    { code: 'B', label: 'B类', reverifyMonths: 6 },
    { code: 'C', label: 'C类', reverifyMonths: 3 },
  ],
  basis: '运民发〔2025〕12号',
});
const months = ['2026-01', '2026-02', '2026-03'];
const household = (incomes: AllowanceInput['incomes'], members = 3): AllowanceInput => ({ members, months, incomes });

describe('minimum allowance arithmetic (补差)', () => {
  it("pays the standard times the members less the household's monthly income, to the fen", () => {
    // 3 months of wages 1,200.00 a month: household income 1,200.00; 3 × 780.00 − 1,200.00 = 1,140.00
    const r = computeAllowance(
      base,
      household(months.map((month) => ({ memberId: 'a', kind: 'wages', month, amountFen: 120_000 }))),
    );
    expect(r).toMatchObject({
      eligible: true,
      monthlyAmountFen: 114_000,
      householdMonthlyIncomeFen: 120_000,
      perCapitaMonthlyIncomeFen: 40_000,
    });
    expect(r.explanation.join('')).toContain('780.00');
  });

  it('leaves out excluded kinds (a preferential-care pension) and months outside the investigation', () => {
    const r = computeAllowance(
      base,
      household([
        { memberId: 'a', kind: 'wages', month: '2026-01', amountFen: 90_000 },
        { memberId: 'b', kind: 'careAllowance', month: '2026-02', amountFen: 300_000 },
        { memberId: 'a', kind: 'wages', month: '2025-12', amountFen: 900_000 },
      ]),
    );
    expect(r).toMatchObject({ eligible: true, householdMonthlyIncomeFen: 30_000, monthlyAmountFen: 234_000 - 30_000 });
  });

  it('refuses a household whose income reaches the standard times its members', () => {
    const r = computeAllowance(
      base,
      household([{ memberId: 'a', kind: 'business', month: '2026-01', amountFen: 3 * 234_000 }]),
    );
    expect(r).toMatchObject({
      eligible: false,
      reason: 'incomeAtOrAboveStandard',
      thresholdFen: 234_000,
      householdMonthlyIncomeFen: 234_000,
    });
  });

  it('refuses an income kind the rule does not name, rather than guess whether it counts', () => {
    expect(() =>
      computeAllowance(base, household([{ memberId: 'a', kind: 'lottery', month: '2026-01', amountFen: 1 }])),
    ).toThrow(UnknownIncomeKindError);
  });

  it('rounds half up to the fen for the household income, then applies the minimum and the rounding rule', () => {
    // 100 fen over 3 months = 33.33… fen → 33
    expect(
      computeAllowance(base, household([{ memberId: 'a', kind: 'wages', month: '2026-01', amountFen: 100 }])),
    ).toMatchObject({ householdMonthlyIncomeFen: 33 });
    // 200 fen over 3 months = 66.67 fen → 67
    expect(
      computeAllowance(base, household([{ memberId: 'a', kind: 'wages', month: '2026-01', amountFen: 200 }])),
    ).toMatchObject({ householdMonthlyIncomeFen: 67 });
    const minimum = { ...base, minimumMonthlyAmountFen: 5_000, rounding: 'tenYuanUp' as const };
    // gap 23.00 yuan → the 50.00 minimum
    expect(
      computeAllowance(minimum, household([{ memberId: 'a', kind: 'wages', month: m(0), amountFen: 3 * 231_700 }])),
    ).toMatchObject({ monthlyAmountFen: 5_000 });
    // gap 2,329.99 rounded up to ten yuan
    expect(
      computeAllowance(
        { ...base, rounding: 'tenYuanUp' },
        household([{ memberId: 'a', kind: 'wages', month: m(0), amountFen: 3 * 1_001 }]),
      ),
    ).toMatchObject({ monthlyAmountFen: 233_000 });
    // gap 2,329.50 → 2,330; gap 2,329.40 → 2,329
    expect(
      computeAllowance(
        { ...base, rounding: 'yuanHalfUp' },
        household([{ memberId: 'a', kind: 'wages', month: m(0), amountFen: 3 * 1_050 }]),
      ),
    ).toMatchObject({ monthlyAmountFen: 233_000 });
    expect(
      computeAllowance(
        { ...base, rounding: 'yuanHalfUp' },
        household([{ memberId: 'a', kind: 'wages', month: m(0), amountFen: 3 * 1_060 }]),
      ),
    ).toMatchObject({ monthlyAmountFen: 232_900 });
  });

  it('never pays more when counted income rises, and never changes when an excluded income does', () => {
    const amount = (r: ReturnType<typeof computeAllowance>) => (r.eligible ? r.monthlyAmountFen : 0);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        (members, income, more, excluded) => {
          const low = computeAllowance(
            base,
            household([{ memberId: 'a', kind: 'wages', month: m(0), amountFen: income }], members),
          );
          const high = computeAllowance(
            base,
            household([{ memberId: 'a', kind: 'wages', month: m(0), amountFen: income + more }], members),
          );
          const withExcluded = computeAllowance(
            base,
            household(
              [
                { memberId: 'a', kind: 'wages', month: m(0), amountFen: income },
                { memberId: 'b', kind: 'award', month: m(1), amountFen: excluded },
              ],
              members,
            ),
          );
          expect(amount(high)).toBeLessThanOrEqual(amount(low));
          expect(amount(withExcluded)).toBe(amount(low));
          expect(
            Number.isInteger(amount(low)) && amount(low) >= 0 && amount(low) <= base.monthlyStandardFen * members,
          ).toBe(true);
        },
      ),
    );
  });
});

describe('rule versions by date and division', () => {
  const city = base;
  const city2027 = { ...base, effectiveFrom: '2027-01-01', monthlyStandardFen: 80_000 };
  const county = { ...base, divisionCode: '140882', effectiveFrom: '2026-07-01', monthlyStandardFen: 79_000 };
  const path = '/140000/140800/140882/140882001000/140882001001/';

  it('takes the most specific division that has one, then the latest in force on the day', () => {
    const all = [city, city2027, county];
    expect(ruleVersionFor(all, 'urbanMinimumAllowance', path, '2026-03-01')).toBe(city);
    expect(ruleVersionFor(all, 'urbanMinimumAllowance', path, '2026-07-01')).toBe(county);
    expect(ruleVersionFor(all, 'urbanMinimumAllowance', path, '2027-02-01')).toBe(county);
    expect(ruleVersionFor([city, city2027], 'urbanMinimumAllowance', path, '2027-02-01')).toBe(city2027);
    expect(ruleVersionFor(all, 'urbanMinimumAllowance', '/140000/140700/140702/', '2026-07-01')).toBeUndefined();
    expect(ruleVersionFor(all, 'ruralMinimumAllowance', path, '2026-07-01')).toBeUndefined();
    expect(ruleVersionFor(all, 'urbanMinimumAllowance', path, '2025-12-31')).toBeUndefined();
  });

  it('refuses a kind that would both count and be excluded', () => {
    expect(RuleVersion.safeParse({ ...base, excludedIncomeKinds: ['wages'] }).success).toBe(false);
  });
});

function m(i: number) {
  return months[i]!;
}
