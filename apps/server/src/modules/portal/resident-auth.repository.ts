import { sql } from 'kysely';
import type { Db, Tx } from '../../core/db/database.ts';

/** Residents' sign-in codes and sessions, keyed by the phone's blind index (never the number in clear). */

/** One lock per phone number for the transaction: two quick requests cannot both send a code. */
export async function lockPhone(tx: Tx, bidx: Buffer) {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${bidx.toString('hex')}, 17))`.execute(tx);
}

export async function findLastCode(tx: Tx, bidx: Buffer) {
  return tx
    .selectFrom('resident_codes')
    .select('created_at')
    .where('phone_bidx', '=', bidx)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertCode(
  tx: Tx,
  values: { phone_bidx: Buffer; code_hash: Buffer; expires_at: Date; created_at: Date },
) {
  await tx.insertInto('resident_codes').values(values).execute();
}

/** The newest unused, unexpired code of a phone, locked for the check. */
export async function lockLiveCode(tx: Tx, bidx: Buffer, now: Date) {
  return tx
    .selectFrom('resident_codes')
    .selectAll()
    .where('phone_bidx', '=', bidx)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

export async function setCodeAttempts(tx: Tx, id: string, attempts: number) {
  await tx.updateTable('resident_codes').set({ attempts }).where('id', '=', id).execute();
}

export async function markCodeUsed(tx: Tx, id: string, at: Date) {
  await tx.updateTable('resident_codes').set({ used_at: at }).where('id', '=', id).execute();
}

export async function insertSession(
  tx: Tx,
  values: { token_hash: Buffer; phone_bidx: Buffer; phone_masked: string; created_at: Date; expires_at: Date },
) {
  await tx.insertInto('resident_sessions').values(values).execute();
}

export async function findLiveSession(db: Db, tokenHash: Buffer, now: Date) {
  return db
    .selectFrom('resident_sessions')
    .select(['phone_masked', 'phone_bidx', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteSession(db: Db, tokenHash: Buffer) {
  await db.deleteFrom('resident_sessions').where('token_hash', '=', tokenHash).execute();
}
