import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/**
 * An anchor says "the chain had `chainPos` sealed entries, the last one `seq` with this hash". The
 * application cannot change anchors (the table is the owner's, append-only, and filled only by the
 * owner's audit_anchor() from the chain itself); the anchors file is shipped off the host by the
 * operator. A chain shorter than an anchor, or with another hash at its position, was cut or rewritten.
 */
export interface AuditAnchor {
  at: string;
  chainPos: number;
  seq: number;
  hash: string;
  /** where the anchor was read from, for the report */
  source?: string;
}

/** The append-only anchors file in DATA_DIR: one JSON line per anchor. */
export const anchorsFileOf = (dataDir: string) => path.join(dataDir, 'audit-anchors.jsonl');

/** Anchor at least this often while the chain grows (entries, milliseconds). */
export const ANCHOR_EVERY_ENTRIES = 500;
export const ANCHOR_EVERY_MS = 5 * 60_000;

/**
 * Anchors the chain's current head now (on demand, and from the worker when due) in the table and,
 * when given, the anchors file. Returns the new anchor, or undefined when the head is anchored already
 * or the chain is empty. Seal first: only sealed entries have a head.
 */
export async function anchorAuditChain(db: Executor, file?: string): Promise<AuditAnchor | undefined> {
  const { rows } = await sql<{
    at: Date;
    chain_pos: number;
    seq: number;
    hash: string;
  }>`SELECT at, chain_pos, seq, hash FROM audit_anchor()`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const anchor: AuditAnchor = {
    at: row.at.toISOString(),
    chainPos: Number(row.chain_pos),
    seq: Number(row.seq),
    hash: row.hash,
  };
  // the file is written after the row commits (audit_anchor() runs in its own statement): a line
  // never names an anchor the database does not have
  if (file) {
    await mkdir(path.dirname(file), { recursive: true });
    await appendFile(file, `${JSON.stringify(anchor)}\n`, { mode: 0o640 });
  }
  return anchor;
}

/** Anchors when the chain has grown by ANCHOR_EVERY_ENTRIES, or has grown at all in ANCHOR_EVERY_MS. */
export async function anchorIfDue(db: Executor, file?: string, now = Date.now()): Promise<AuditAnchor | undefined> {
  const { rows } = await sql<{ head: number | null; last_pos: number | null; last_at: Date | null }>`
    SELECT (SELECT max(chain_pos) FROM audit_log) AS head,
           (SELECT chain_pos FROM audit_anchors ORDER BY id DESC LIMIT 1) AS last_pos,
           (SELECT at FROM audit_anchors ORDER BY id DESC LIMIT 1) AS last_at`.execute(db);
  const { head, last_pos: lastPos, last_at: lastAt } = rows[0]!;
  if (head == null || Number(head) === Number(lastPos ?? 0)) return undefined;
  const grown = Number(head) - Number(lastPos ?? 0);
  if (grown < ANCHOR_EVERY_ENTRIES && lastAt && now - lastAt.getTime() < ANCHOR_EVERY_MS) return undefined;
  return anchorAuditChain(db, file);
}

/** The anchors in the table. */
export async function tableAnchors(db: Executor): Promise<AuditAnchor[]> {
  const rows = await db.selectFrom('audit_anchors').select(['at', 'chain_pos', 'seq', 'hash']).orderBy('id').execute();
  return rows.map((r) => ({
    at: r.at.toISOString(),
    chainPos: Number(r.chain_pos),
    seq: Number(r.seq),
    hash: r.hash,
    source: 'audit_anchors',
  }));
}

/** The anchors in a file (the one in DATA_DIR, or an off-host copy); none when it does not exist. */
export async function fileAnchors(file: string): Promise<AuditAnchor[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((line, i) => {
      const a = JSON.parse(line) as AuditAnchor;
      if (!Number.isInteger(a.chainPos) || !Number.isInteger(a.seq) || typeof a.hash !== 'string')
        throw new Error(`${file}:${i + 1}: not an audit anchor`);
      return { ...a, source: `${path.basename(file)}:${i + 1}` };
    });
}

/** Where an anchor disagrees with the chain, in the terms verification reports. */
export interface AnchorBreak {
  brokenSeq: number;
  brokenPos: number;
  reason: string;
}

/** Checks the anchors against the verified chain: `hashAt(pos)` gives the chain's hash and seq at a position. */
export function checkAnchors(
  anchors: AuditAnchor[],
  count: number,
  lastSeq: number | undefined,
  hashAt: (pos: number) => { hash: string; seq: number } | undefined,
): AnchorBreak | undefined {
  // the earliest disagreement is where the break lies
  const sorted = [...anchors].sort((a, b) => a.chainPos - b.chainPos);
  for (const a of sorted) {
    if (a.chainPos > count) {
      return {
        brokenSeq: a.seq,
        brokenPos: count + 1,
        reason: `the chain ends at position ${count}${lastSeq !== undefined ? ` (entry ${lastSeq})` : ''}, but the anchor of ${a.at} (${a.source}) records ${a.chainPos} entries ending with entry ${a.seq}: the entries from position ${count + 1} on were removed (a truncated tail)`,
      };
    }
    const at = hashAt(a.chainPos);
    if (!at || at.hash !== a.hash) {
      return {
        brokenSeq: a.seq,
        brokenPos: a.chainPos,
        reason: `the entry at position ${a.chainPos} is ${at ? `entry ${at.seq} with another hash` : 'missing'}, but the anchor of ${a.at} (${a.source}) records entry ${a.seq} with hash ${a.hash}: the chain was cut and rewritten at or before it`,
      };
    }
  }
  return undefined;
}
