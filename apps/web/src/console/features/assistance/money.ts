import { yuanOf } from '@grassroots/contracts';

/** Money is integer fen everywhere (the one money type in contracts); the forms show yuan with two decimals. */
export const yuan = (fen: number | string | null | undefined) =>
  fen === null || fen === undefined ? '—' : yuanOf(Number(fen));
export { fenOfYuan } from '@grassroots/contracts';

export const PROGRAMMES = ['urbanMinimumAllowance', 'ruralMinimumAllowance'] as const;
/** every programme paid through the cycles (低保, 优抚, 优待金, 计生奖励) */
export const PAID_PROGRAMMES = [
  ...PROGRAMMES,
  'preferentialCare',
  'conscriptFamilyAllowance',
  'familyPlanningReward',
] as const;
