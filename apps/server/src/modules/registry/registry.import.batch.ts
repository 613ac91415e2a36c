import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { maskPhone } from '@grassroots/contracts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import type { Db, Tx } from '../../core/db/database.ts';
import {
  addMembers,
  addPersons,
  fillPerson,
  findPersonsForImport,
  insertConflict,
  insertMissingHouseholds,
  listHouseholdIds,
  listStoredHeads,
  type PersonRow,
} from './registry-import.repository.ts';
import { FIELD_COLUMN, matchesAny, type TouchedHouseholds } from './registry-import.support.ts';
import type { SourceRow } from './import-reader.ts';
import { type CleanPerson, TRACKED_FIELDS } from './registry.rules.ts';
import type { TransformThreads } from './registry.import.threads.ts';
import type { FreshPerson, Transformed, TransformMode } from './registry.import.transform.ts';

/** A checked row of the file, ready for its batch. */
export type Row = SourceRow & {
  person: CleanPerson;
  /** the ID number's blind index under every key in the ring, current first: computed once per row */
  bidx: Buffer[];
  householdNumber: string;
  relation: string;
  householdAddress: string;
};

/** What the batches share with the import: its counts, its error list and the households it touched. */
export interface BatchContext {
  cipher: PiiCipher;
  source: string;
  at: string;
  importId: string;
  counts: { inserted: number; updated: number; unchanged: number; bad: number; conflicts: number };
  fail: (line: number, field: string, reason: string) => void;
  /** the households given members, with the lines that did: their heads are checked at the end */
  touchedHouseholds: TouchedHouseholds;
}

/** A person of the batch, and whether this import created it. */
type Member = { row: Row; personId: string; fresh?: boolean };
type Conflict = Parameters<typeof insertConflict>[1];

/** A batch decided and transformed, so that writing it is database work only. */
export interface PreparedBatch {
  fills: Array<{ personId: string; fill: Record<string, unknown>; provenance: string }>;
  conflicts: Conflict[];
  /** new persons: their COPY text or columns (each with the id chosen here), in the order of `freshCount` */
  fresh: Transformed | undefined;
  freshCount: number;
  members: Member[];
}

/** The batch looked up: what it changes in stored persons, and the new persons still to transform. */
export type LookedUp = Omit<PreparedBatch, 'fresh'> & { fresh: FreshPerson[] };

/**
 * Looks the batch's persons and stored heads up, and compares the rows of stored persons.
 * `lookup` may be another connection than the import's transaction (so this runs while earlier
 * batches are written): it then does not see what this import wrote, which is safe because a file
 * names each person once and its own heads are checked while it is read.
 */
export async function lookUpBatch(ctx: BatchContext, lookup: Db, batch: Row[]): Promise<LookedUp> {
  const rows = await withoutSecondHeads(ctx, lookup, batch);
  const out: LookedUp = { fills: [], conflicts: [], fresh: [], freshCount: 0, members: [] };
  if (!rows.length) return out;
  const existing = new Map<string, PersonRow>();
  // under every key in the ring: during a key rotation a person may still carry the old key's index
  for (const e of await findPersonsForImport(
    lookup,
    rows.flatMap((r) => r.bidx),
  ))
    existing.set(e.id_number_bidx.toString('hex'), e);
  for (const row of rows) {
    const e = row.bidx.map((b) => existing.get(b.toString('hex'))).find(Boolean);
    if (e) {
      compareStored(ctx, row, e, out);
      out.members.push({ row, personId: e.id });
      continue;
    }
    const id = randomUUID();
    out.fresh.push({ id, person: row.person, bidx: row.bidx[0]! });
    out.members.push({ row, personId: id, fresh: true });
  }
  out.freshCount = out.fresh.length;
  return out;
}

/** The per-row work (SM4, blind indexes, tokens, COPY text) for the batch's new persons, wherever `threads` runs it. */
export async function transformBatch(
  ctx: BatchContext,
  threads: TransformThreads,
  mode: TransformMode,
  b: LookedUp,
): Promise<PreparedBatch> {
  const stamp = { source: ctx.source, at: ctx.at, importId: ctx.importId };
  return { ...b, fresh: b.fresh.length ? await threads.transform(stamp, mode, b.fresh) : undefined };
}

/** A stored value is never overwritten: an empty one is filled, an equal one left alone, a different one listed. */
function compareStored(ctx: BatchContext, row: Row, e: PersonRow, out: LookedUp) {
  const { cipher } = ctx;
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
      provenance[f] = { source: ctx.source, at: ctx.at, importId: ctx.importId };
      changed = true;
      continue;
    }
    const same =
      f === 'phone'
        ? cipher.matchesBlindIndex(row.person.phone!, stored as Buffer)
        : String(stored) === String(incoming);
    if (same) continue;
    out.conflicts.push({
      person_id: e.id,
      field: f,
      current_value: f === 'phone' ? e.phone_masked : String(stored),
      incoming_value: f === 'phone' ? maskPhone(row.person.phone!) : String(incoming),
      source: ctx.source,
      import_id: ctx.importId,
    });
  }
  if (changed) {
    out.fills.push({ personId: e.id, fill, provenance: JSON.stringify(provenance) });
    ctx.counts.updated++;
  } else ctx.counts.unchanged++;
}

/** Writes a prepared batch in the import's transaction: fills, conflicts, new persons, households. */
export async function writeBatch(ctx: BatchContext, tx: Tx, copy: pg.PoolClient | undefined, b: PreparedBatch) {
  for (const c of b.conflicts) if (await insertConflict(tx, c)) ctx.counts.conflicts++;
  for (const f of b.fills) await fillPerson(tx, f.personId, f.fill, f.provenance);
  if (b.fresh) {
    await addPersons(tx, copy, b.fresh);
    ctx.counts.inserted += b.freshCount;
  }
  await addToHouseholds(ctx, tx, copy, b.members);
}

/** Households of a batch in three statements: create the missing ones, read their ids, add the members. */
async function addToHouseholds(ctx: BatchContext, tx: Tx, copy: pg.PoolClient | undefined, members: Member[]) {
  const withHousehold = members.filter((m) => m.row.householdNumber);
  if (!withHousehold.length) return;
  const fresh = new Set(withHousehold.filter((m) => m.fresh).map((m) => m.personId));
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
  for (const a of added) ctx.touchedHouseholds.add(a.household_id, lineOf.get(a.person_id)!);
}

/** A head row for a household whose stored head is somebody else is bad: it would make two. */
async function withoutSecondHeads(ctx: BatchContext, lookup: Db, rows: Row[]) {
  const numbers = [...new Set(rows.filter((r) => r.relation === 'head').map((r) => r.householdNumber))];
  if (!numbers.length) return rows;
  const stored = await listStoredHeads(lookup, numbers);
  const headOf = new Map(stored.map((h) => [h.number, h.id_number_bidx]));
  return rows.filter((r) => {
    const head = r.relation === 'head' ? headOf.get(r.householdNumber) : undefined;
    if (!head || matchesAny(r.bidx, head)) return true;
    ctx.counts.bad++;
    ctx.fail(r.line, 'relation', `户 ${r.householdNumber} 已登记户主，不能再有第二个户主`);
    return false;
  });
}
