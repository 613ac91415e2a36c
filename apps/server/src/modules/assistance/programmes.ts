import { badInput } from '../../core/errors.ts';
import { isCalendarMonth } from '@grassroots/contracts';

export type Frequency = 'monthly' | 'quarterly' | 'yearly';

/**
 * The programmes paid through the same machinery (社会化发放): who is paid (a household or a person)
 * and how often. A cycle's period is a month, a quarter (its first month) or a year (January).
 */
export const PROGRAMMES = {
  urbanMinimumAllowance: {
    name: '城市居民最低生活保障',
    nameEn: 'Urban minimum living allowance',
    frequency: 'monthly',
    beneficiary: 'household',
  },
  ruralMinimumAllowance: {
    name: '农村居民最低生活保障',
    nameEn: 'Rural minimum living allowance',
    frequency: 'monthly',
    beneficiary: 'household',
  },
  preferentialCare: {
    name: '优抚对象定期抚恤补助',
    nameEn: 'Preferential care (periodic pensions and subsidies)',
    frequency: 'quarterly',
    beneficiary: 'person',
  },
  conscriptFamilyAllowance: {
    name: '义务兵家庭优待金',
    nameEn: "Conscripts' family allowance",
    frequency: 'yearly',
    beneficiary: 'household',
  },
  familyPlanningReward: {
    name: '计划生育家庭奖励扶助金',
    nameEn: 'Family-planning reward',
    frequency: 'monthly',
    beneficiary: 'person',
  },
} as const satisfies Record<
  string,
  { name: string; nameEn: string; frequency: Frequency; beneficiary: 'household' | 'person' }
>;
export type ProgrammeCode = keyof typeof PROGRAMMES;
export const PROGRAMME_CODES = Object.keys(PROGRAMMES) as ProgrammeCode[];

export const programmeName = (code: string) => PROGRAMMES[code as ProgrammeCode]?.name ?? code;

/** The first day of the period a cycle pays, refusing a month that does not start one (a quarter starts in January, April, July, October). */
export function periodStart(programme: ProgrammeCode, period: string): string {
  if (!isCalendarMonth(period)) throw badInput('period', '发放期间应为 YYYY-MM', 'period must be YYYY-MM');
  const month = Number(period.slice(5));
  const frequency = PROGRAMMES[programme].frequency;
  if (frequency === 'quarterly' && (month - 1) % 3 !== 0)
    throw badInput(
      'period',
      `${programmeName(programme)}按季发放，期间应为季度首月（1、4、7、10月）`,
      'A quarterly programme is paid for a quarter: give its first month (01, 04, 07, 10)',
    );
  if (frequency === 'yearly' && month !== 1)
    throw badInput(
      'period',
      `${programmeName(programme)}按年发放，期间应为当年1月`,
      'A yearly programme is paid for a year: give its January',
    );
  return `${period}-01`;
}
