import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Insertable, sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db, Tx } from '../../core/db/database.ts';
import { COPIED, type CopiedPerson, copyText, personsCopyText } from './registry-import.copy.ts';
import type {
  HouseholdMembersTable,
  HouseholdsTable,
  ImportsTable,
  PersonsTable,
  RegistryConflictsTable,
} from './registry.schema.ts';

/**
 * The bulk import's statements. The import reads and writes the whole registry by ID number (a
 * department's file may name anyone in the county): the permission is checked by the caller, and
 * no read here returns records to a user, so none takes a scope.
 */

export async function findDepartmentByCode(db: Db, code: string) {
  return db.selectFrom('departments').select(['id', 'code']).where('code', '=', code).executeTakeFirst();
}

/** The codes of the current villages and communities (level 5 and below). */
export async function listCurrentVillageCodes(db: Db) {
  return (
    await db.selectFrom('divisions').select('code').where('level', '>=', 5).where('valid_until', 'is', null).execute()
  ).map((d) => d.code);
}

/** An id for the import before it is stored: its rows' provenance and conflicts name it. */
export async function newImportId(db: Db) {
  return (await sql<{ id: string }>`SELECT gen_random_uuid() AS id`.execute(db)).rows[0]!.id;
}

/** Persons stored under any of these blind indexes, with the fields an import may fill. */
export async function findPersonsForImport(db: Db, bidx: Buffer[]) {
  return db
    .selectFrom('persons')
    .select([
      'id',
      'id_number_bidx',
      'name',
      'ethnicity',
      'phone_bidx',
      'phone_masked',
      'registered_address',
      'residence_address',
      'residence_type',
      'marital_status',
      'disability_grade',
      'is_veteran',
      'division_code',
      'provenance',
    ])
    .where('id_number_bidx', 'in', bidx)
    .execute();
}
export type PersonRow = Awaited<ReturnType<typeof findPersonsForImport>>[number];

/** Lists a differing value for review (once per person, field and value); undefined when listed already. */
export async function insertConflict(tx: Tx, values: Insertable<RegistryConflictsTable>) {
  return tx
    .insertInto('registry_conflicts')
    .values(values)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function fillPerson(tx: Tx, personId: string, fill: Record<string, unknown>, provenance: string) {
  await tx
    .updateTable('persons')
    .set({ ...fill, provenance, updated_at: new Date() })
    .where('id', '=', personId)
    .execute();
}

export async function insertPersons(tx: Tx, rows: Insertable<PersonsTable>[]) {
  await tx.insertInto('persons').values(rows).execute();
}

const MEMBER_COLUMNS = ['household_id', 'person_id', 'relation'] as const;

/** Text (or bytes already encoded) by COPY on the transaction's own client: the bulk path on the PostgreSQL server. */
async function copyIn(client: pg.PoolClient, table: string, columns: readonly string[], data: string | Buffer) {
  await pipeline(Readable.from([data]), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}

/**
 * New persons, in order: with a copy client by COPY of the text a transform made (cheaper per row
 * than a parameterised INSERT), otherwise their columns by INSERT.
 */
export async function addPersons(
  tx: Tx,
  copy: pg.PoolClient | undefined,
  fresh: { copy: Buffer } | { columns: CopiedPerson[] },
) {
  if ('columns' in fresh) {
    if (copy) await copyIn(copy, 'persons', COPIED, personsCopyText(fresh.columns));
    else await insertPersons(tx, fresh.columns as Insertable<PersonsTable>[]);
    return;
  }
  if (!copy) throw new Error('COPY text without a copy client');
  await copyIn(copy, 'persons', COPIED, fresh.copy);
}

/**
 * Adds members (a person already in a household stays there); returns those added. Persons new in
 * this transaction are in no household yet: with a copy client theirs go by COPY.
 */
export async function addMembers(
  tx: Tx,
  copy: pg.PoolClient | undefined,
  rows: Array<{ household_id: string; person_id: string; relation: string }>,
  isNew: (personId: string) => boolean,
) {
  const copied = copy ? rows.filter((r) => isNew(r.person_id)) : [];
  const rest = copy ? rows.filter((r) => !isNew(r.person_id)) : rows;
  if (copied.length) await copyIn(copy!, 'household_members', MEMBER_COLUMNS, copyText(MEMBER_COLUMNS, copied));
  return [...copied, ...(rest.length ? await insertMissingMembers(tx, rest) : [])];
}

/** Creates the households a batch names that do not exist yet. */
export async function insertMissingHouseholds(tx: Tx, rows: Insertable<HouseholdsTable>[]) {
  await tx
    .insertInto('households')
    .values(rows)
    .onConflict((oc) => oc.column('number').doNothing())
    .execute();
}

export async function listHouseholdIds(tx: Tx, numbers: string[]) {
  return tx.selectFrom('households').select(['id', 'number']).where('number', 'in', numbers).execute();
}

/** Adds members (a person already in a household stays there); returns those added. */
export async function insertMissingMembers(tx: Tx, rows: Insertable<HouseholdMembersTable>[]) {
  return tx
    .insertInto('household_members')
    .values(rows)
    .onConflict((oc) => oc.column('person_id').doNothing())
    .returning(['household_id', 'person_id'])
    .execute();
}

/**
 * The stored heads of these households, by the head's ID-number blind index. One index probe per
 * number (LATERAL … LIMIT 1): during a first import the tables have no statistics for what the
 * transaction wrote, and a join left to the planner scanned every household for each batch.
 */
export async function listStoredHeads(db: Db, numbers: string[]) {
  const r = await sql<{ number: string; id_number_bidx: Buffer }>`
    SELECT n.number, head.id_number_bidx
    FROM unnest(${numbers}::text[]) AS n(number)
    CROSS JOIN LATERAL (
      SELECT p.id_number_bidx
      FROM households h
      JOIN household_members m ON m.household_id = h.id AND m.relation = 'head'
      JOIN persons p ON p.id = m.person_id
      WHERE h.number = n.number
      LIMIT 1
    ) head`.execute(db);
  return r.rows;
}

export async function listHeadlessHouseholds(tx: Tx, ids: string[]) {
  return tx
    .selectFrom('households as h')
    .select(['h.id', 'h.number'])
    .where('h.id', 'in', ids)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('household_members as m')
            .select('m.person_id')
            .whereRef('m.household_id', '=', 'h.id')
            .where('m.relation', '=', 'head'),
        ),
      ),
    )
    .execute();
}

export async function deleteHousehold(tx: Tx, householdId: string) {
  await tx.deleteFrom('household_members').where('household_id', '=', householdId).execute();
  await tx.deleteFrom('households').where('id', '=', householdId).execute();
}

export async function insertImport(tx: Tx, values: Insertable<ImportsTable>) {
  await tx.insertInto('imports').values(values).execute();
}
