/** Money is integer fen everywhere; the forms show yuan with two decimals. */
export const yuan = (fen: number | string | null | undefined) =>
  fen === null || fen === undefined ? '—' : (Number(fen) / 100).toFixed(2);
export const fenOfYuan = (v: number | null | undefined) => (v === null || v === undefined ? 0 : Math.round(v * 100));

export const PROGRAMMES = ['urbanMinimumAllowance', 'ruralMinimumAllowance'] as const;
/** every programme paid through the cycles (低保, 优抚, 优待金, 计生奖励) */
export const PAID_PROGRAMMES = [
  ...PROGRAMMES,
  'preferentialCare',
  'conscriptFamilyAllowance',
  'familyPlanningReward',
] as const;
