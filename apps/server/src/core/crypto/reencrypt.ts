import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { CryptoIntegrityError, type PiiCipher } from './sm.ts';

/**
 * Rewrites every protected field under the cipher's current key in format 2, and recomputes each
 * blind index beside it: the one-time upgrade of format-1 (CBC) blobs at start-up, and
 * `grassroots keys rotate`. In batches of one transaction each, the progress stored with the batch,
 * so a run cut short continues where it stopped. Lookups keep working meanwhile: they search under
 * every key in the ring (PiiCipher.blindIndexes).
 */

export interface ProtectedTable {
  table: string;
  key: string;
  keyType: string;
  /** an encrypted column, and the blind index computed from the same plain value if there is one */
  fields: Array<{ enc: string; bidx?: string }>;
}

async function catalogue(db: Db) {
  const { rows } = await sql<{
    table: string;
    column: string;
    key: string | null;
    key_type: string | null;
    keys: number;
  }>`
    SELECT c.table_name AS table, c.column_name AS column,
      (SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND i.indisprimary LIMIT 1) AS key,
      (SELECT format_type(a.atttypid, a.atttypmod) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND i.indisprimary LIMIT 1) AS key_type,
      (SELECT array_length(i.indkey, 1) FROM pg_index i
        WHERE i.indrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND i.indisprimary) AS keys
    FROM information_schema.columns c
    WHERE c.table_schema = current_schema() AND c.data_type = 'bytea' AND (c.column_name LIKE '%\\_enc' OR c.column_name LIKE '%\\_bidx')
    ORDER BY c.table_name, c.column_name`.execute(db);
  return rows;
}

/**
 * Found in the catalogue rather than listed by hand, so a module's new `*_enc` column cannot escape a
 * rotation: every bytea column named `…_enc`, paired with `…_bidx` of the same table when present.
 */
export async function protectedTables(db: Db): Promise<ProtectedTable[]> {
  const rows = await catalogue(db);
  const byTable = new Map<string, { key: string; keyType: string; columns: Set<string> }>();
  for (const r of rows) {
    // an index-only column is translated by value (below) and needs no key; an encrypted one is rewritten row by row
    if (r.column.endsWith('_enc') && (!r.key || r.keys !== 1))
      throw new Error(
        `${r.table}.${r.column} is protected but ${r.table} has no single-column primary key to rewrite it by`,
      );
    const t = byTable.get(r.table) ?? { key: r.key ?? '', keyType: r.key_type ?? '', columns: new Set<string>() };
    t.columns.add(r.column);
    byTable.set(r.table, t);
  }
  const tables: ProtectedTable[] = [];
  for (const [table, t] of byTable) {
    const fields = [...t.columns]
      .filter((c) => c.endsWith('_enc'))
      .map((enc) => {
        const bidx = `${enc.slice(0, -4)}_bidx`;
        return t.columns.has(bidx) ? { enc, bidx } : { enc };
      });
    if (fields.length) tables.push({ table, key: t.key, keyType: t.keyType, fields });
  }
  return tables;
}

/**
 * Blind indexes kept without the value (a resident's session, the phone that filed an online
 * application: the number is deliberately not stored). They cannot be recomputed, so a rotation
 * translates them: wherever a stored value's index changes from old to new, the same old index in a
 * column of the same kind (the last word before `_bidx`: phone, number) becomes the new one.
 */
export async function indexOnlyColumns(db: Db): Promise<Array<{ table: string; column: string; kind: string }>> {
  const rows = await catalogue(db);
  const columns = new Set(rows.map((r) => `${r.table}.${r.column}`));
  return rows
    .filter((r) => r.column.endsWith('_bidx') && !columns.has(`${r.table}.${r.column.slice(0, -5)}_enc`))
    .map((r) => ({ table: r.table, column: r.column, kind: kindOf(r.column) }));
}

const kindOf = (bidxColumn: string) => bidxColumn.slice(0, -5).split('_').at(-1)!;

export interface ReencryptOptions {
  kind: 'upgrade' | 'rotate';
  batchSize?: number;
  /** after each batch: fields rewritten so far, rows visited so far, the total rows to visit, the table of the batch */
  onProgress?: (rewritten: number, visited: number, total: number, table: string) => void;
}

export interface ReencryptResult {
  runId: number;
  targetKeyId: string;
  rewritten: number;
  resumed: boolean;
}

const id = (name: string) => sql.id(name);

export class ReencryptBusy extends Error {
  constructor() {
    super('another process is re-encrypting the protected fields; try again when it has finished');
  }
}

const LOCK = 7311020;

/**
 * Rewrites what is not yet under the current key; resumes an unfinished run of the same kind. One
 * process at a time (a session lock, so the run holds one connection of the pool throughout).
 */
export async function reencryptAll(db: Db, cipher: PiiCipher, opts: ReencryptOptions): Promise<ReencryptResult> {
  return db.connection().execute(async (conn) => {
    if (!(await sql<{ ok: boolean }>`SELECT pg_try_advisory_lock(${LOCK}) AS ok`.execute(conn)).rows[0]!.ok)
      throw new ReencryptBusy();
    try {
      return await reencryptLocked(conn, cipher, opts);
    } finally {
      await sql`SELECT pg_advisory_unlock(${LOCK})`.execute(conn);
    }
  });
}

async function reencryptLocked(db: Db, cipher: PiiCipher, opts: ReencryptOptions): Promise<ReencryptResult> {
  const target = cipher.currentKeyId;
  const batchSize = opts.batchSize ?? 500;
  const tables = await protectedTables(db);
  const indexOnly = await indexOnlyColumns(db);
  let run = (
    await sql<{ id: number; target_key_id: string; progress: Record<string, string | true>; rewritten: string }>`
    SELECT id, target_key_id, progress, rewritten FROM key_rotations WHERE kind = ${opts.kind} AND finished_at IS NULL`.execute(
      db,
    )
  ).rows[0];
  const resumed = !!run;
  if (run && run.target_key_id !== target) {
    // the key changed again before the run finished: what is done is under an older key, start over
    await sql`UPDATE key_rotations SET target_key_id = ${target}, progress = '{}' WHERE id = ${run.id}`.execute(db);
    run = { ...run, target_key_id: target, progress: {} };
  }
  if (!run) {
    run = (
      await sql<{ id: number; target_key_id: string; progress: Record<string, string | true>; rewritten: string }>`
      INSERT INTO key_rotations (kind, target_key_id) VALUES (${opts.kind}, ${target}) RETURNING id, target_key_id, progress, rewritten`.execute(
        db,
      )
    ).rows[0]!;
  }
  const progress = { ...run.progress };
  let rewritten = Number(run.rewritten);
  const counts = await Promise.all(
    tables.map(async (t) =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${id(t.table)}`.execute(db)).rows[0]!.n),
    ),
  );
  const total = counts.reduce((a, b) => a + b, 0);
  let visited = tables.reduce((sum, t, i) => sum + (progress[t.table] === true ? counts[i]! : 0), 0);

  for (const t of tables) {
    if (progress[t.table] === true) continue;
    for (;;) {
      const cursor = progress[t.table];
      const batch = await db.transaction().execute(async (tx) => {
        const cols = [t.key, ...t.fields.flatMap((f) => (f.bidx ? [f.enc, f.bidx] : [f.enc]))];
        const { rows } = await sql<Record<string, unknown>>`
          SELECT ${sql.join(cols.map(id))} FROM ${id(t.table)}
          WHERE ${typeof cursor === 'string' ? sql`${id(t.key)} > CAST(${cursor} AS ${sql.raw(t.keyType)})` : sql`true`}
          ORDER BY ${id(t.key)} LIMIT ${batchSize} FOR UPDATE`.execute(tx);
        let changed = 0;
        const moved: Array<{ kind: string; from: Buffer; to: Buffer }> = [];
        for (const row of rows) {
          const set: Record<string, Buffer> = {};
          for (const f of t.fields) {
            const blob = row[f.enc] as Buffer | null;
            if (!blob) continue;
            const current = cipher.isCurrent(blob);
            const plain = current && !f.bidx ? undefined : cipher.decrypt(blob);
            if (!current) set[f.enc] = cipher.encrypt(plain!);
            if (f.bidx && plain !== undefined) {
              const index = cipher.blindIndex(plain);
              const old = row[f.bidx] as Buffer | null;
              if (!old || !index.equals(old)) set[f.bidx] = index;
              if (old && !index.equals(old)) moved.push({ kind: kindOf(f.bidx), from: old, to: index });
            }
          }
          const entries = Object.entries(set);
          if (!entries.length) continue;
          await sql`UPDATE ${id(t.table)} SET ${sql.join(entries.map(([c, v]) => sql`${id(c)} = ${v}`))} WHERE ${id(t.key)} = ${row[t.key]}`.execute(
            tx,
          );
          changed += entries.filter(([c]) => c.endsWith('_enc')).length;
        }
        for (const c of indexOnly) {
          const pairs = moved.filter((m) => m.kind === c.kind);
          if (!pairs.length) continue;
          await sql`UPDATE ${id(c.table)} AS t SET ${id(c.column)} = m.to_index
            FROM (VALUES ${sql.join(pairs.map((m) => sql`(${m.from}::bytea, ${m.to}::bytea)`))}) AS m (from_index, to_index)
            WHERE t.${id(c.column)} = m.from_index`.execute(tx);
        }
        const last = rows.at(-1)?.[t.key];
        progress[t.table] = rows.length < batchSize ? true : String(last);
        rewritten += changed;
        await sql`UPDATE key_rotations SET progress = ${JSON.stringify(progress)}::jsonb, rewritten = ${rewritten} WHERE id = ${run.id}`.execute(
          tx,
        );
        return rows.length;
      });
      visited += batch;
      opts.onProgress?.(rewritten, visited, total, t.table);
      if (progress[t.table] === true) break;
    }
  }
  await sql`UPDATE key_rotations SET finished_at = now() WHERE id = ${run.id}`.execute(db);
  return { runId: run.id, targetKeyId: target, rewritten, resumed };
}

/**
 * At start-up: refuses a key ring that lacks the key the database was last rewritten under (a lost
 * or swapped keys.json would otherwise make every protected field unreadable, silently); runs the
 * format-1 upgrade once; from then on format-1 blobs are refused, since they carry no integrity.
 */
export async function prepareProtectedFields(db: Db, cipher: PiiCipher, log: (msg: string) => void = () => {}) {
  const { rows } = await sql<{ kind: string; target_key_id: string; finished: boolean }>`
    SELECT kind, target_key_id, finished_at IS NOT NULL AS finished FROM key_rotations ORDER BY id`.execute(db);
  const lastDone = rows.filter((r) => r.finished).at(-1);
  if (lastDone && !cipher.keyIds.includes(lastDone.target_key_id)) {
    throw new Error(
      `the protected fields are encrypted under master key ${lastDone.target_key_id}, which is not in the key ring (${cipher.keyIds.join(', ')}): restore the right keys.json or GRASSROOTS_MASTER_KEY`,
    );
  }
  if (!rows.some((r) => r.kind === 'upgrade' && r.finished)) {
    try {
      const r = await reencryptAll(db, cipher, { kind: 'upgrade' });
      if (r.rewritten) log(`re-encrypted ${r.rewritten} protected fields with integrity (SM4-CTR + HMAC-SM3)`);
    } catch (err) {
      // one process upgrades; another starting meanwhile reads format 1 until it is done
      if (err instanceof ReencryptBusy) return;
      // the usual cause: data written under the demo key that git tracked until issue 15, whose file a
      // `git pull` then deleted, so a fresh key was generated
      if (err instanceof CryptoIntegrityError) {
        throw new Error(
          `the protected fields cannot be read with the master key ${cipher.currentKeyId}: this database was written under another key. ` +
            'Put that key back (keys.json, or GRASSROOTS_MASTER_KEY). A demo installation from before issue 15 used the key git tracked: ' +
            '`git show "$(git log --format=%h -1 -- data/keys.json)~1:data/keys.json" > data/keys.json; chmod 600 data/keys.json`, then run `grassroots keys rotate` to leave that public key',
          { cause: err },
        );
      }
      throw err;
    }
  }
  cipher.allowLegacy = false;
}
