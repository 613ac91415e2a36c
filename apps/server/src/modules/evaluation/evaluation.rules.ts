/** The five levels of the national 好差评 system, best first. */
export const LEVELS: Record<number, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };
/** A level's name (the table allows 1 to 5 only). */
export const levelLabel = (level: number) => LEVELS[level] ?? String(level);
/** 不满意 and 非常不满意 are bad reviews (差评): each opens a rectification work order. */
export const isBadReview = (level: number) => level <= 2;
/** 基本满意 and above count as satisfied in the published rate. */
export const isSatisfied = (level: number) => level >= 3;

/** The national sub-items of each channel. */
export const SUB_ITEMS = {
  onSite: ['efficiency', 'competence', 'attitude'],
  online: ['efficiency', 'guideAccuracy', 'convenience', 'easeOfUse'],
} as const;

/** Every sub-item of the channel scored: those not given take the overall level; others are refused. */
export function completeSubScores(
  channel: keyof typeof SUB_ITEMS,
  level: number,
  given: Record<string, number>,
): { scores: Record<string, number>; unknown: string[] } {
  const items: readonly string[] = SUB_ITEMS[channel];
  const unknown = Object.keys(given).filter((k) => !items.includes(k));
  return { scores: Object.fromEntries(items.map((k) => [k, given[k] ?? level])), unknown };
}

export interface LevelCounts {
  total: number;
  levels: Record<1 | 2 | 3 | 4 | 5, number>;
  unratedCounted: number;
  excluded: number;
  bad: number;
  rectified: number;
}

/** The published figures of a group: satisfaction rate over the counted reviews, bad reviews and how many were rectified. */
export function summarise(c: LevelCounts) {
  const satisfied = c.levels[3] + c.levels[4] + c.levels[5];
  return {
    ...c,
    satisfied,
    satisfactionRate: c.total ? Math.round((satisfied / c.total) * 1000) / 10 : null,
    rectificationRate: c.bad ? Math.round((c.rectified / c.bad) * 1000) / 10 : null,
  };
}
