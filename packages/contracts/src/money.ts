import { z } from 'zod';

/** Money is integer fen (分) everywhere: in the database, the API and the calculations. */
export const Fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export type Fen = z.infer<typeof Fen>;

/** 106050 → '1060.50' (yuan with two decimals, exact: no floating point). */
export const yuanOf = (fen: number) =>
  `${fen < 0 ? '-' : ''}${Math.trunc(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

/** '1,060.5' or '1060.50' → 106050; anything else (three decimals, letters, negatives) → undefined. */
export function fenOf(text: string): number | undefined {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.replace(/[,，\s]/g, ''));
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** A form's yuan number input → fen, rounded to the fen (an empty input is none). */
export const fenOfYuan = (v: number | null | undefined) => (v === null || v === undefined ? 0 : Math.round(v * 100));
