import type { Readable } from 'node:stream';
import { maskPhone } from '@grassroots/contracts';
import type { Actor } from '../../core/auth/actor.ts';
import { requirePermission } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import type { Tx } from '../../core/db/database.ts';
import type { UploadLimits } from '../../core/documents/upload-limits.ts';
import { AppError, badInput } from '../../core/errors.ts';
import type pg from 'pg';
import {
  addMembers,
  addPersons,
  deleteHousehold,
  fillPerson,
  findDepartmentByCode,
  findPersonsForImport,
  insertConflict,
  insertImport,
  insertMissingHouseholds,
  listCurrentVillageCodes,
  listHeadlessHouseholds,
  listHouseholdIds,
  listStoredHeads,
  newImportId,
} from './registry-import.repository.ts';
import {
  dbOf,
  FIELD_COLUMN,
  type ImportTarget,
  inImportTransaction,
  matchesAny,
  SeenIds,
  WriteBehind,
} from './registry-import.support.ts';
import { HashingStream, mapHeader, normaliseRelation, readRows, type SourceRow } from './import-reader.ts';
import { type CleanPerson, cleanPerson, personColumns, TRACKED_FIELDS } from './registry.rules.ts';

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
const MAX_ERRORS_KEPT = 10_000;
const ROLLBACK = Symbol('rollback');
/** a person of the batch, and whether this import created it */
type Member = { row: Row; personId: string; fresh?: boolean };
type Row = SourceRow & {
  person: CleanPerson;
  /** the ID number's blind index under every key in the ring, current first: computed once per row */
  bidx: Buffer[];
  householdNumber: string;
  relation: string;
  householdAddress: string;
};

/**
 * Bulk import of persons (and their households) from another department. Streams the file in
 * batches inside one transaction, so nothing is half-applied: with bad rows it either rolls back
 * (the default) or, if the operator chose so, applies the good rows only. A stored value is never
 * overwritten: an empty one is filled, an equal one left alone, a different one listed for review.
 * Each batch is written while the next is read and checked; given the whole database on the
 * PostgreSQL server (not only its handle), new persons are loaded by COPY.
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
  const touchedHouseholds = new Map<string, number[]>();
  const at = new Date().toISOString();
  const importId = await newImportId(db);

  const run = async (tx: Tx, copy: pg.PoolClient | undefined) => {
    const writer = new WriteBehind();
    try {
      await readAndWrite(tx, copy, writer);
    } finally {
      // a failed read (a missing column) rolls back: no batch may still be using the transaction then
      await writer.settle();
    }
    await checkHouseholdHeads(tx);
    if (s.bad > 0 && !opts.goodRows) throw ROLLBACK;
  };

  const readAndWrite = async (tx: Tx, copy: pg.PoolClient | undefined, writer: WriteBehind) => {
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
      const v: Record<string, string> = Object.fromEntries(
        fields.map((f, i) => [f, item.cells[i] ?? '']).filter(([f]) => f),
      );
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
        const rows = batch;
        batch = [];
        await writer.next(() => applyBatch(tx, copy, rows));
        opts.onProgress?.(s.total);
      }
    }
    await writer.next(() => applyBatch(tx, copy, batch));
    await writer.drain();
    opts.onProgress?.(s.total);
  };

  const applyBatch = async (tx: Tx, copy: pg.PoolClient | undefined, batchRows: Row[]) => {
    const rows = await withoutSecondHeads(tx, batchRows);
    if (!rows.length) return;
    const existing = new Map<string, Awaited<ReturnType<typeof findPersonsForImport>>[number]>();
    // under every key in the ring: during a key rotation a person may still carry the old key's index
    for (const e of await findPersonsForImport(
      tx,
      rows.flatMap((r) => r.bidx),
    ))
      existing.set(e.id_number_bidx.toString('hex'), e);
    const fresh: Row[] = [];
    const members: Member[] = [];
    for (const row of rows) {
      const e = row.bidx.map((b) => existing.get(b.toString('hex'))).find(Boolean);
      if (!e) {
        fresh.push(row);
        continue;
      }
      const fill: Record<string, unknown> = {};
      const provenance = { ...e.provenance };
      let changed = false;
      for (const f of TRACKED_FIELDS) {
        const incoming = f === 'phone' ? row.person.phone : row.person[f];
        if (incoming === null || incoming === undefined || (f === 'isVeteran' && incoming === false)) continue;
        const stored = f === 'phone' ? e.phone_bidx : (e as Record<string, unknown>)[FIELD_COLUMN[f]!];
        if (stored === null || stored === undefined) {
          if (f === 'phone')
            Object.assign(fill, {
              phone_enc: cipher.encrypt(row.person.phone!),
              phone_bidx: cipher.blindIndex(row.person.phone!),
              phone_masked: maskPhone(row.person.phone!),
            });
          else fill[FIELD_COLUMN[f]!] = incoming;
          provenance[f] = { source: opts.source, at, importId };
          changed = true;
          continue;
        }
        const same =
          f === 'phone'
            ? cipher.matchesBlindIndex(row.person.phone!, stored as Buffer)
            : String(stored) === String(incoming);
        if (same) continue;
        const conflict = await insertConflict(tx, {
          person_id: e.id,
          field: f,
          current_value: f === 'phone' ? e.phone_masked : String(stored),
          incoming_value: f === 'phone' ? maskPhone(row.person.phone!) : String(incoming),
          source: opts.source,
          import_id: importId,
        });
        if (conflict) s.conflicts++;
      }
      if (changed) {
        await fillPerson(tx, e.id, fill, JSON.stringify(provenance));
        s.updated++;
      } else s.unchanged++;
      members.push({ row, personId: e.id });
    }
    if (fresh.length) {
      const provenanceOf = (p: CleanPerson) =>
        Object.fromEntries(
          TRACKED_FIELDS.filter((f) => p[f] !== null).map((f) => [f, { source: opts.source, at, importId }]),
        );
      const columns = fresh.map((r) => personColumns(r.person, cipher, provenanceOf(r.person), r.bidx[0]));
      const ids = await addPersons(tx, copy, columns);
      s.inserted += fresh.length;
      fresh.forEach((row, i) => members.push({ row, personId: ids[i]!, fresh: true }));
    }
    await addToHouseholds(tx, copy, members);
  };

  /** Households of a batch in three statements: create the missing ones, read their ids, add the members. */
  const addToHouseholds = async (tx: Tx, copy: pg.PoolClient | undefined, members: Member[]) => {
    const withHousehold = members.filter((m) => m.row.householdNumber);
    const fresh = new Set(withHousehold.filter((m) => m.fresh).map((m) => m.personId));
    if (!withHousehold.length) return;
    const byNumber = new Map(withHousehold.map((m) => [m.row.householdNumber, m.row]));
    await insertMissingHouseholds(
      tx,
      [...byNumber.values()].map((r) => ({
        number: r.householdNumber,
        division_code: r.person.divisionCode,
        address: r.householdAddress,
      })),
    );
    const ids = new Map((await listHouseholdIds(tx, [...byNumber.keys()])).map((h) => [h.number, h.id]));
    const added = await addMembers(
      tx,
      copy,
      withHousehold.map((m) => ({
        household_id: ids.get(m.row.householdNumber)!,
        person_id: m.personId,
        relation: m.row.relation,
      })),
      (id) => fresh.has(id),
    );
    const lineOf = new Map(withHousehold.map((m) => [m.personId, m.row.line]));
    for (const a of added)
      touchedHouseholds.set(a.household_id, [
        ...(touchedHouseholds.get(a.household_id) ?? []),
        lineOf.get(a.person_id)!,
      ]);
  };

  /** A head row for a household whose stored head is somebody else is bad: it would make two. */
  const withoutSecondHeads = async (tx: Tx, rows: Row[]) => {
    const numbers = [...new Set(rows.filter((r) => r.relation === 'head').map((r) => r.householdNumber))];
    if (!numbers.length) return rows;
    const stored = await listStoredHeads(tx, numbers);
    const headOf = new Map(stored.map((h) => [h.number, h.id_number_bidx.toString('hex')]));
    return rows.filter((r) => {
      const head = r.relation === 'head' ? headOf.get(r.householdNumber) : undefined;
      if (!head || matchesAny(r.bidx, Buffer.from(head, 'hex'))) return true;
      s.bad++;
      fail(r.line, 'relation', `户 ${r.householdNumber} 已登记户主，不能再有第二个户主`);
      return false;
    });
  };

  /** Exactly one head: a household the file touched but left without one makes its rows bad. */
  const checkHouseholdHeads = async (tx: Tx) => {
    const ids = [...touchedHouseholds.keys()];
    for (let i = 0; i < ids.length; i += 5000) {
      const headless = await listHeadlessHouseholds(tx, ids.slice(i, i + 5000));
      for (const h of headless) {
        const lines = touchedHouseholds.get(h.id)!;
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
