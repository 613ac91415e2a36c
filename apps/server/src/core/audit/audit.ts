import { type Selectable, sql } from 'kysely';
import { sm3Hex } from '../crypto/sm.ts';
import type { Executor, Tx } from '../db/database.ts';
import type { AuditLogTable } from '../db/schema.ts';
import { canonicalJson } from './canonical.ts';

export interface AuditEntry {
  action: string;
  actorId?: string | null;
  actorName?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  divisionCode?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

/** What the hash covers: every column but the two hashes. */
type ChainRow = Omit<Selectable<AuditLogTable>, 'prev_hash' | 'hash'>;

export function entryHash(prevHash: string, row: ChainRow): string {
  const content = canonicalJson({ ...row, at: row.at.toISOString() });
  return sm3Hex(`${prevHash}\n${content}`);
}

/**
 * Appends one entry to the chain inside the caller's transaction. audit_chain_head() takes an
 * advisory lock held until commit, so the previous hash it reads is the one committed before ours;
 * call this as the last step of a command to keep the lock short.
 */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<number> {
  const { rows } = await sql<{ prev_hash: string | null; next_seq: number; at: Date }>`SELECT * FROM audit_chain_head()`.execute(tx);
  const { prev_hash: head, next_seq: seq, at } = rows[0]!;
  const row: ChainRow = {
    seq,
    at,
    actor_id: entry.actorId ?? null,
    actor_name: entry.actorName ?? null,
    action: entry.action,
    target_type: entry.targetType ?? null,
    target_id: entry.targetId ?? null,
    division_code: entry.divisionCode ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? {},
  };
  const prevHash = head ?? GENESIS_HASH;
  await tx
    .insertInto('audit_log')
    .values({ ...row, details: JSON.stringify(row.details), prev_hash: prevHash, hash: entryHash(prevHash, row) })
    .execute();
  return seq;
}

export type VerifyResult =
  | { ok: true; count: number; lastHash: string }
  | { ok: false; count: number; brokenSeq: number; reason: string };

/**
 * Walks the whole chain in seq order, in pages, recomputing every hash. The next page is fetched
 * while the current one is hashed, so the database and the hashing overlap.
 */
export async function verifyAuditChain(db: Executor, onProgress?: (count: number) => void, pageSize = 5000): Promise<VerifyResult> {
  const fetchAfter = (seq: number) => db.selectFrom('audit_log').selectAll().where('seq', '>', seq).orderBy('seq').limit(pageSize).execute();
  let prevHash = GENESIS_HASH;
  let count = 0;
  let next = fetchAfter(-1);
  for (;;) {
    const page = await next;
    if (page.length === 0) return { ok: true, count, lastHash: prevHash };
    next = page.length === pageSize ? fetchAfter(page[page.length - 1]!.seq) : Promise.resolve([]);
    for (const r of page) {
      if (r.prev_hash !== prevHash) return settle(next, { ok: false, count, brokenSeq: r.seq, reason: 'prev_hash does not match the previous entry (an entry was removed or reordered)' });
      const { prev_hash: _prev, hash: _hash, ...content } = r;
      if (entryHash(prevHash, content) !== r.hash) return settle(next, { ok: false, count, brokenSeq: r.seq, reason: 'content does not match its hash (the entry was altered)' });
      prevHash = r.hash;
      count++;
    }
    onProgress?.(count);
  }
}

/** Lets a prefetch in flight finish before answering: on the embedded database it holds the only connection. */
async function settle(pending: Promise<unknown>, result: VerifyResult): Promise<VerifyResult> {
  await pending.catch(() => {});
  return result;
}
