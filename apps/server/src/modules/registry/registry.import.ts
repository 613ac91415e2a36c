import type { Readable } from 'node:stream';
import type { Actor } from '../../core/auth/actor.ts';
import { requirePermission } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import type { Tx } from '../../core/db/database.ts';
import type { UploadLimits } from '../../core/documents/upload-limits.ts';
import { AppError, badInput } from '../../core/errors.ts';
import type pg from 'pg';
import {
  deleteHousehold,
  findDepartmentByCode,
  insertImport,
  listCurrentVillageCodes,
  listHeadlessHouseholds,
  newImportId,
} from './registry-import.repository.ts';
import {
  BatchPipeline,
  dbOf,
  type ImportTarget,
  inImportTransaction,
  OneAtATime,
  SeenIds,
  TouchedHouseholds,
} from './registry-import.support.ts';
import { HashingStream, mapHeader, normaliseRelation, readRows } from './import-reader.ts';
import { cleanPerson } from './registry.rules.ts';
import { type BatchContext, lookUpBatch, type Row, transformBatch, writeBatch } from './registry.import.batch.ts';
import { TransformThreads } from './registry.import.threads.ts';

export interface ImportOptions {
  format: 'csv' | 'xlsx';
  fileName: string;
  /** supplying department's code: the provenance of every value */
  source: string;
  /** import the good rows even when some are bad; otherwise a single bad row stops everything */
  goodRows: boolean;
  /** the operator's column mapping from the import wizard: heading → field ('' ignores the column) */
  mapping?: Record<string, string> | undefined;
  onProgress?: (rows: number) => void;
  /** the deployment's upload limits (size, and an XLSX's unpacked size); the defaults otherwise */
  limits?: UploadLimits | undefined;
  /**
   * Worker threads for the per-row transform, started once the file fills a first batch (a smaller
   * file is transformed inline); by default one fewer than the cores, at most two. 0: inline only.
   * `always` starts them for any file (tests use it to run the threaded path on a small one).
   */
  threads?: number | { always: number } | undefined;
}

export interface ImportError {
  line: number;
  field: string;
  reason: string;
}
export interface ImportSummary {
  id: string;
  status: 'applied' | 'rejected';
  mode: 'all_or_nothing' | 'good_rows';
  fileHash: string;
  total: number;
  inserted: number;
  updated: number;
  unchanged: number;
  bad: number;
  conflicts: number;
  errors: ImportError[];
}

const BATCH = 2000;
/** batches read but not yet written: one being written, one transforming, one being looked up */
const AHEAD = 3;
const MAX_ERRORS_KEPT = 10_000;
const ROLLBACK = Symbol('rollback');

/**
 * Bulk import of persons (and their households) from another department. Streams the file in
 * batches inside one transaction, so nothing is half-applied: with bad rows it either rolls back
 * (the default) or, if the operator chose so, applies the good rows only. A stored value is never
 * overwritten: an empty one is filled, an equal one left alone, a different one listed for review.
 * Given the whole database on the PostgreSQL server (not only its handle), new persons and their
 * memberships are loaded by COPY, and each batch is looked up (on another pooled connection),
 * encrypted and tokenised while the previous one is written: the server's work and ours overlap.
 * Memory stays flat: the file is streamed, and what is kept per row (its ID number, its household
 * and line) is packed small.
 */
export async function importPersons(
  target: ImportTarget,
  cipher: PiiCipher,
  actor: Actor | undefined,
  input: Readable,
  opts: ImportOptions,
): Promise<ImportSummary> {
  if (actor) requirePermission(actor, 'registry.import');
  const db = dbOf(target);
  const sourceDept = await findDepartmentByCode(db, opts.source);
  if (!sourceDept)
    throw badInput('source', `来源部门 ${opts.source} 不存在`, `Source department ${opts.source} does not exist`);
  const divisions = new Set(await listCurrentVillageCodes(db));
  const s = { total: 0, inserted: 0, updated: 0, unchanged: 0, bad: 0, conflicts: 0 };
  const errors: ImportError[] = [];
  const fail = (line: number, field: string, reason: string) => {
    if (errors.length < MAX_ERRORS_KEPT) errors.push({ line, field, reason });
  };
  const hashing = new HashingStream();
  const mode = opts.goodRows ? 'good_rows' : 'all_or_nothing';
  const seenIds = new SeenIds();
  const heads = new Map<string, number>();
  const touchedHouseholds = new TouchedHouseholds();
  const at = new Date().toISOString();
  const importId = await newImportId(db);
  const ctx: BatchContext = {
    cipher,
    source: opts.source,
    at,
    importId,
    counts: s,
    fail,
    touchedHouseholds,
  };

  const wanted = opts.threads ?? TransformThreads.defaultCount();
  const always = typeof wanted === 'object';
  const threadCount = typeof wanted === 'object' ? wanted.always : wanted;
  let threads = new TransformThreads(cipher, always ? threadCount : 0);

  const run = async (tx: Tx, copy: pg.PoolClient | undefined) => {
    const pipeline = new BatchPipeline(AHEAD);
    try {
      await readAndWrite(tx, copy, pipeline);
    } finally {
      // a failed read (a missing column) rolls back: no batch may still be using the transaction then
      await pipeline.settle();
    }
    await checkHouseholdHeads(tx);
    if (s.bad > 0 && !opts.goodRows) throw ROLLBACK;
  };

  const readAndWrite = async (tx: Tx, copy: pg.PoolClient | undefined, pipeline: BatchPipeline) => {
    let fields: string[] = [];
    let batch: Row[] = [];
    for await (const item of readRows(input, opts.format, hashing, opts.limits)) {
      if ('header' in item) {
        const mapped = mapHeader(item.header, opts.mapping);
        fields = mapped.fields;
        for (const required of ['idNumber', 'name', 'divisionCode']) {
          if (!fields.includes(required))
            throw new AppError(
              400,
              'missing_column',
              `文件缺少「${required}」列`,
              `The file has no ${required} column`,
              required,
            );
        }
        continue;
      }
      s.total++;
      // a plain loop: this runs a million times for a county, and the arrays of a map/filter showed in the profile
      const v: Record<string, string> = {};
      for (let i = 0; i < fields.length; i++) if (fields[i]) v[fields[i]!] = item.cells[i] ?? '';
      const r = cleanPerson({
        ...v,
        idNumber: v.idNumber ?? '',
        name: v.name ?? '',
        divisionCode: v.divisionCode ?? '',
      });
      if (!r.ok) {
        s.bad++;
        for (const p of r.problems) fail(item.line, p.field, p.message);
        continue;
      }
      const problems: Array<[string, string]> = [];
      if (!divisions.has(r.person.divisionCode))
        problems.push(['divisionCode', `村（社区）代码 ${r.person.divisionCode} 不存在`]);
      const dup = seenIds.get(r.person.idNumber);
      if (dup) problems.push(['idNumber', `与第 ${dup} 行的公民身份号码重复`]);
      const householdNumber = v.householdNumber?.trim() ?? '';
      const relation = normaliseRelation(v.relation ?? '');
      if (householdNumber && !relation) problems.push(['relation', '填写了户号时须填写与户主关系']);
      if (householdNumber && relation === 'head' && heads.has(householdNumber))
        problems.push(['relation', `户 ${householdNumber} 已有户主（第 ${heads.get(householdNumber)} 行）`]);
      if (problems.length) {
        s.bad++;
        for (const [f, reason] of problems) fail(item.line, f, reason);
        continue;
      }
      seenIds.set(r.person.idNumber, item.line);
      if (householdNumber && relation === 'head') heads.set(householdNumber, item.line);
      batch.push({
        ...item,
        person: r.person,
        bidx: cipher.blindIndexes(r.person.idNumber),
        householdNumber,
        relation,
        householdAddress: v.householdAddress?.trim() || r.person.residenceAddress || '',
      });
      if (batch.length >= BATCH) {
        // a file of more than a batch is worth the threads' start (they load the sources and a dictionary)
        if (!always && threadCount > 0 && threads.size === 0) threads = new TransformThreads(cipher, threadCount);
        await inBatch(tx, copy, pipeline, batch);
        batch = [];
        opts.onProgress?.(s.total);
      }
    }
    if (batch.length) await inBatch(tx, copy, pipeline, batch);
    await pipeline.drain();
    opts.onProgress?.(s.total);
  };

  /**
   * On the PostgreSQL server the batch is looked up on another pooled connection, so batches are
   * looked up and transformed while earlier ones are written in the import's transaction; on one
   * connection (PGlite) lookups and writes take turns, and only the transform runs beside them.
   */
  const inBatch = async (tx: Tx, copy: pg.PoolClient | undefined, pipeline: BatchPipeline, rows: Row[]) => {
    const mode = copy ? 'copy' : 'columns';
    const turns = copy ? undefined : oneConnection;
    const lookup = copy ? db : tx;
    await pipeline.add(
      async () => {
        const looked = turns
          ? await turns.run(() => lookUpBatch(ctx, lookup, rows))
          : await lookUpBatch(ctx, lookup, rows);
        return transformBatch(ctx, threads, mode, looked);
      },
      (prepared) =>
        turns ? turns.run(() => writeBatch(ctx, tx, copy, prepared)) : writeBatch(ctx, tx, copy, prepared),
    );
  };
  const oneConnection = new OneAtATime();

  /** Exactly one head: a household the file touched but left without one makes its rows bad. */
  const checkHouseholdHeads = async (tx: Tx) => {
    const ids = touchedHouseholds.ids();
    for (let i = 0; i < ids.length; i += 5000) {
      const headless = await listHeadlessHouseholds(tx, ids.slice(i, i + 5000));
      for (const h of headless) {
        const lines = touchedHouseholds.lines(h.id);
        s.bad += lines.length;
        for (const line of lines) fail(line, 'relation', `户 ${h.number} 没有户主`);
        await deleteHousehold(tx, h.id);
      }
    }
  };

  let status: 'applied' | 'rejected' = 'applied';
  try {
    await inImportTransaction(target, run);
  } catch (err) {
    if (err !== ROLLBACK) throw err;
    status = 'rejected';
  } finally {
    await threads.close();
  }
  const summary = {
    ...s,
    inserted: status === 'applied' ? s.inserted : 0,
    updated: status === 'applied' ? s.updated : 0,
    conflicts: status === 'applied' ? s.conflicts : 0,
  };
  await db.transaction().execute(async (tx) => {
    await insertImport(tx, {
      id: importId,
      kind: 'persons',
      source: opts.source,
      file_name: opts.fileName,
      file_hash: hashing.digest,
      mode,
      status,
      total_rows: s.total,
      inserted_rows: summary.inserted,
      updated_rows: summary.updated,
      unchanged_rows: s.unchanged,
      bad_rows: s.bad,
      conflicts: summary.conflicts,
      errors: JSON.stringify(errors.sort((a, b) => a.line - b.line)),
      created_by: actor?.id ?? null,
    });
    await recordAudit(tx, {
      action: 'registry.import',
      actorId: actor?.id ?? null,
      actorName: actor?.username ?? 'cli',
      ip: actor?.ip ?? null,
      targetType: 'import',
      targetId: importId,
      details: { file: opts.fileName, hash: hashing.digest, status, mode, ...summary },
    });
  });
  return {
    id: importId,
    status,
    mode,
    fileHash: hashing.digest,
    total: s.total,
    inserted: summary.inserted,
    updated: summary.updated,
    unchanged: s.unchanged,
    bad: s.bad,
    conflicts: summary.conflicts,
    errors,
  };
}
