import { type CompiledQuery, type Selectable, sql } from 'kysely';
import { createHash } from 'node:crypto';
import type { Executor } from '../db/database.ts';
import { currentSocketIp } from '../auth/request-origin.ts';
import type { AuditLogTable } from '../db/schema.ts';
import { type AuditAnchor, checkAnchors, tableAnchors } from './audit-anchors.ts';
import { canonicalJson } from './canonical.ts';

export interface AuditEntry {
  action: string;
  actorId?: string | null;
  actorName?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  divisionCode?: string | null;
  ip?: string | null;
  /** the TCP peer; by default the current request's (see request-origin.ts) */
  socketIp?: string | null;
  details?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);
const SEALER_LOCK = 7311003;

/** What the hash covers: the entry's content, not its place in the chain nor its transaction. */
type ChainRow = Omit<Selectable<AuditLogTable>, 'prev_hash' | 'hash' | 'xid' | 'chain_pos'>;

export function entryHash(prevHash: string, row: ChainRow): string {
  // socket_ip came later: left out when absent, so entries sealed before it keep their hash
  const content = row.socket_ip == null ? { ...row, socket_ip: undefined } : row;
  return createHash('sm3').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

/**
 * Writes one entry inside the caller's transaction: it exists if and only if the change commits.
 * No lock is taken; the sealer links committed entries into the hash chain moments later.
 */
export async function recordAudit(tx: Executor, entry: AuditEntry): Promise<number> {
  const row = await tx.insertInto('audit_log').values(auditColumns(entry)).returning('seq').executeTakeFirstOrThrow();
  return row.seq;
}

/**
 * The statement `recordAudit` sends, not sent: for a command that writes its audit entry in one
 * statement with its other writes (the case pipeline's `writeAsOne`).
 */
export function auditInsert(db: Executor, entry: AuditEntry): CompiledQuery {
  return db.insertInto('audit_log').values(auditColumns(entry)).compile();
}

/**
 * An entry's columns as the application writes them; seq, time and chain columns are the database's:
 * the application may not write them. (The case engine's one-statement opening writes these too.)
 */
export function auditColumns(entry: AuditEntry) {
  return {
    actor_id: entry.actorId ?? null,
    actor_name: entry.actorName ?? null,
    action: entry.action,
    target_type: entry.targetType ?? null,
    target_id: entry.targetId ?? null,
    division_code: entry.divisionCode ?? null,
    ip: entry.ip ?? null,
    socket_ip: entry.socketIp !== undefined ? entry.socketIp : currentSocketIp(),
    details: JSON.stringify(entry.details ?? {}),
  };
}

/**
 * Appends the committed, unsealed entries to the chain, in seq order. The chain's order is the order
 * of sealing: an entry whose transaction commits later is simply sealed later, so nothing waits on
 * long transactions (an earlier design waited for the transaction horizon, and a long import stalled
 * it). Entries of transactions still running are invisible here and are not touched. One sealer at a
 * time. Returns how many it sealed.
 */
export async function sealAuditChain(db: Executor, batch = 10_000): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${SEALER_LOCK})`.execute(tx);
    const head = await tx
      .selectFrom('audit_log')
      .select(['chain_pos', 'hash'])
      .where('chain_pos', 'is not', null)
      .orderBy('chain_pos', 'desc')
      .limit(1)
      .executeTakeFirst();
    const rows = await tx
      .selectFrom('audit_log')
      .select([
        'seq',
        'at',
        'actor_id',
        'actor_name',
        'action',
        'target_type',
        'target_id',
        'division_code',
        'ip',
        'socket_ip',
        'details',
      ])
      .where('hash', 'is', null)
      .orderBy('seq')
      .limit(batch)
      .execute();
    if (rows.length === 0) return 0;
    let prev = head?.hash ?? GENESIS_HASH;
    let pos = head?.chain_pos ?? 0;
    const seqs: number[] = [];
    const positions: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const r of rows) {
      const hash = entryHash(prev, r);
      seqs.push(r.seq);
      positions.push(++pos);
      prevs.push(prev);
      hashes.push(hash);
      prev = hash;
    }
    // the application may not UPDATE audit_log: the owner's audit_seal() links the entries after the head
    await sql`SELECT audit_seal(${seqs}::bigint[], ${positions}::bigint[], ${prevs}::text[], ${hashes}::text[])`.execute(
      tx,
    );
    return rows.length;
  });
}

/** Seals everything sealable now (before a verification or a backup). */
export async function sealAll(db: Executor): Promise<number> {
  let total = 0;
  for (let n = await sealAuditChain(db); n > 0; n = await sealAuditChain(db)) total += n;
  return total;
}

export type VerifyResult =
  | { ok: true; count: number; lastHash: string; pending: number; anchors: number }
  | { ok: false; count: number; brokenSeq: number; brokenPos?: number; reason: string };

/**
 * Walks the chain in chain order, in pages, recomputing every hash. The next page is fetched while
 * the current one is hashed. Entries not yet sealed are counted as pending. Then the chain must agree
 * with every anchor (the table's, and `extraAnchors` such as an off-host copy of the anchors file):
 * a chain that is whole but shorter than an anchor lost its tail.
 */
export async function verifyAuditChain(
  db: Executor,
  onProgress?: (count: number) => void,
  pageSize = 5000,
  extraAnchors: AuditAnchor[] = [],
): Promise<VerifyResult> {
  const anchors = [...(await tableAnchors(db)), ...extraAnchors];
  const anchored = new Set(anchors.map((a) => a.chainPos));
  const seen = new Map<number, { hash: string; seq: number }>();
  let lastSeq: number | undefined;
  const fetchAfter = (pos: number) =>
    db.selectFrom('audit_log').selectAll().where('chain_pos', '>', pos).orderBy('chain_pos').limit(pageSize).execute();
  let prevHash = GENESIS_HASH;
  let count = 0;
  let next = fetchAfter(0);
  for (;;) {
    const page = await next;
    if (page.length === 0) {
      const broken = checkAnchors(anchors, count, lastSeq, (pos) => seen.get(pos));
      if (broken) return { ok: false, count, ...broken };
      const pending = await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('hash', 'is', null)
        .executeTakeFirstOrThrow();
      return { ok: true, count, lastHash: prevHash, pending: Number(pending.n), anchors: anchors.length };
    }
    next = page.length === pageSize ? fetchAfter(page[page.length - 1]!.chain_pos!) : Promise.resolve([]);
    for (const r of page) {
      if (r.prev_hash !== prevHash || r.chain_pos !== count + 1) {
        return settle(next, {
          ok: false,
          count,
          brokenSeq: r.seq,
          reason: 'prev_hash does not match the previous entry (an entry was removed or reordered)',
        });
      }
      const { prev_hash: _prev, hash: _hash, xid: _xid, chain_pos: _pos, ...content } = r;
      if (entryHash(prevHash, content) !== r.hash)
        return settle(next, {
          ok: false,
          count,
          brokenSeq: r.seq,
          reason: 'content does not match its hash (the entry was altered)',
        });
      prevHash = r.hash!;
      count++;
      lastSeq = r.seq;
      if (anchored.has(count)) seen.set(count, { hash: r.hash!, seq: r.seq });
    }
    onProgress?.(count);
  }
}

/** Lets a prefetch in flight finish before answering: on the embedded database it holds the only connection. */
async function settle(pending: Promise<unknown>, result: VerifyResult): Promise<VerifyResult> {
  await pending.catch(() => {});
  return result;
}
