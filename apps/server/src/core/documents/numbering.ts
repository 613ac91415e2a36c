import { sql } from 'kysely';
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

/**
 * Documents whose numbers the law does not require to be gap-free (receipts: migration 028), and
 * the PostgreSQL sequence each is numbered from: taking a number locks nothing, a rollback leaves a gap.
 */
const SEQUENCED_DOCUMENTS: Readonly<Record<string, string>> = {
  receipt: 'document_receipt_numbers',
  pendingReceipt: 'document_pending_receipt_numbers',
};

/** The sequence a document of `kind` is numbered from; undefined for a gap-free kind. */
export const documentSequence = (kind: string): string | undefined => SEQUENCED_DOCUMENTS[kind];

/** The serial of a document of `kind` issued in `year`: gap-free unless the kind is a receipt. */
export async function nextDocumentSerial(tx: Executor, kind: string, year: number): Promise<number> {
  const sequence = SEQUENCED_DOCUMENTS[kind];
  if (!sequence) return nextSequenceValue(tx, `document:${kind}`, year);
  const { rows } = await sql<{ n: number }>`SELECT nextval(${sequence}::regclass) AS n`.execute(tx);
  return Number(rows[0]!.n);
}
