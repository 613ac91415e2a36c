import type { Executor } from '../db/database.ts';

/**
 * Next number of a gap-free sequence. The row stays locked until the caller's transaction ends, so
 * concurrent callers queue, and a rollback hands the number back: no gaps, no duplicates.
 */
export async function nextSequenceValue(tx: Executor, name: string, year: number): Promise<number> {
  const row = await tx
    .insertInto('sequences')
    .values({ name, year, last_value: 1 })
    .onConflict((oc) =>
      oc.columns(['name', 'year']).doUpdateSet((eb) => ({ last_value: eb('sequences.last_value', '+', 1) })),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return row.last_value;
}

export const formatNumber = (prefix: string, year: number, n: number, width = 6) =>
  `${prefix}-${year}-${String(n).padStart(width, '0')}`;
