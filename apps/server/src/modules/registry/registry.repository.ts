import { type ExpressionBuilder, type Insertable, type SqlBool, sql } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import type { Executor, Tx } from '../../core/db/database.ts';
import type { DB } from '../../core/db/schema.ts';
import { searchByFragment } from './person-search.repository.ts';
import type { HouseholdMembersTable, PersonsTable } from './registry.schema.ts';
import { queryTokens } from './registry.rules.ts';

const personListColumns = [
  'p.id',
  'p.id_number_masked',
  'p.name',
  'p.sex',
  'p.birth_date',
  'p.ethnicity',
  'p.phone_masked',
  'p.registered_address',
  'p.residence_address',
  'p.residence_type',
  'p.marital_status',
  'p.disability_grade',
  'p.is_veteran',
  'p.division_code',
  'p.provenance',
] as const;

export async function findPersonInScope(db: Executor, id: string, scope: Scope) {
  return db
    .selectFrom('persons as p')
    .select([...personListColumns, 'p.id_number_enc', 'p.phone_enc'])
    .where('p.id', '=', id)
    .where(inScope(scope, { division: 'p.division_code' }))
    .executeTakeFirst();
}

/** bidx: the value's blind index under every key in the ring (PiiCipher.blindIndexes), so a lookup works during a key rotation */
export async function findPersonByBlindIndex(db: Executor, bidx: Buffer[]) {
  return db.selectFrom('persons').selectAll().where('id_number_bidx', 'in', bidx).executeTakeFirst();
}

export interface PersonSearch {
  idNumberBidx?: Buffer[];
  phoneBidx?: Buffer[];
  name?: string;
  address?: string;
  householdNumber?: string;
  limit: number;
  /** the fragment reading's slice sizes and wide-scope threshold (person-search.repository.ts), for tests */
  tuning?: { slices?: number[]; wideScope?: number; directCandidates?: number };
}

/** Exact ID (blind index), name or address fragment (token GIN + trigram recheck), household number; always inside the scope. */
export async function searchPersons(db: Executor, scope: Scope, s: PersonSearch) {
  const fragments = [s.name, s.address].filter((f): f is string => !!f);
  const tokensMatch = fragments.flatMap((fragment) => {
    const tokens = queryTokens(fragment);
    return tokens.length
      ? [sql<SqlBool>`p.search_tokens @@ ${tokens.map((t) => `'${t.replace(/'/g, "''")}'`).join(' & ')}::tsquery`]
      : [];
  });
  const match = (eb: ExpressionBuilder<DB & { p: DB['persons'] }, 'p'>) =>
    eb.and([
      ...tokensMatch,
      ...fragments.map((fragment) => eb('p.search_text', 'like', `%${fragment.replace(/[%_\\]/g, '\\$&')}%`)),
    ]);
  let q = db
    .selectFrom('persons as p')
    .select(personListColumns)
    .where(inScope(scope, { division: 'p.division_code' }))
    .where(match);
  // a one-character fragment alone (no bigram to narrow by): the bounded reading by name order over a
  // wide scope; a narrow scope's own divisions are few enough for the plain query
  if (fragments.some((f) => queryTokens(f).length <= 1) && !s.idNumberBidx && !s.phoneBidx && !s.householdNumber)
    return searchByFragment(db, scope, personListColumns, {
      match,
      tokensMatch: (eb) => eb.and(tokensMatch),
      nameFragment: s.name,
      limit: s.limit,
      plain: () => q.orderBy('p.name').orderBy('p.id').limit(s.limit).execute(),
      // one or two Han characters alone: no case to fold, so the name's positions and 033's indexes tell the parts apart
      inNameFragment: s.name && !s.address && /^\p{Script=Han}{1,2}$/u.test(s.name) ? s.name : undefined,
      ...s.tuning,
    });
  if (s.idNumberBidx) q = q.where('p.id_number_bidx', 'in', s.idNumberBidx);
  if (s.phoneBidx) q = q.where('p.phone_bidx', 'in', s.phoneBidx);
  if (s.householdNumber) {
    q = q.where('p.id', 'in', (eb) =>
      eb
        .selectFrom('household_members as m')
        .innerJoin('households as h', 'h.id', 'm.household_id')
        .select('m.person_id')
        .where('h.number', '=', s.householdNumber!),
    );
  }
  return q.orderBy('p.name').orderBy('p.id').limit(s.limit).execute();
}

export async function householdOf(db: Executor, personId: string) {
  const m = await db
    .selectFrom('household_members as m')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .select(['h.id', 'h.number', 'h.address', 'm.relation'])
    .where('m.person_id', '=', personId)
    .executeTakeFirst();
  if (!m) return undefined;
  const members = await db
    .selectFrom('household_members as m')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .select(['p.id', 'p.name', 'p.id_number_masked', 'm.relation'])
    .where('m.household_id', '=', m.id)
    .orderBy(sql`m.relation = 'head'`, 'desc')
    .orderBy('p.birth_date')
    .execute();
  return { id: m.id, number: m.number, address: m.address, relation: m.relation, members };
}

/** A current-or-not village (level 5 and below) by code, only inside the scope: a household is placed there. */
export async function findVillageInScope(tx: Tx, code: string, scope: Scope) {
  return tx
    .selectFrom('divisions as dv')
    .select('dv.code')
    .where('dv.code', '=', code)
    .where('dv.level', '>=', 5)
    .where(inScope(scope, { division: 'dv.code' }))
    .executeTakeFirst();
}

/** The same question for a person's village, asked by path prefix (the registry's older form of the scope). */
export async function findVillageUnderScopePaths(tx: Tx, code: string, scope: Scope) {
  return tx
    .selectFrom('divisions as d')
    .select('d.code')
    .where('d.code', '=', code)
    .where('d.level', '>=', 5)
    .where((eb) => (scope.all ? eb.val(true) : eb.or(scope.divisionPaths.map((p) => eb('d.path', 'like', `${p}%`)))))
    .executeTakeFirst();
}

export async function householdNumberExists(tx: Tx, number: string) {
  return !!(await tx.selectFrom('households').select('id').where('number', '=', number).executeTakeFirst());
}

/** Persons among `ids` inside the scope, with the household each already belongs to. */
export async function findPersonsWithHouseholdInScope(tx: Tx, ids: string[], scope: Scope) {
  return tx
    .selectFrom('persons as p')
    .leftJoin('household_members as m', 'm.person_id', 'p.id')
    .select(['p.id', 'm.household_id'])
    .where('p.id', 'in', ids)
    .where(inScope(scope, { division: 'p.division_code' }))
    .execute();
}

export async function insertHousehold(tx: Tx, values: { number: string; division_code: string; address: string }) {
  return tx.insertInto('households').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function insertHouseholdMembers(
  tx: Tx,
  rows: Array<{ household_id: string; person_id: string; relation: HouseholdMembersTable['relation'] }>,
) {
  await tx.insertInto('household_members').values(rows).execute();
}

/** The head of a household found by number, inside the scope. */
export async function findHouseholdHeadInScope(db: Executor, number: string, scope: Scope) {
  return db
    .selectFrom('households as h')
    .innerJoin('household_members as m', 'm.household_id', 'h.id')
    .select('m.person_id')
    .where('h.number', '=', number)
    .where('m.relation', '=', 'head')
    .where(inScope(scope, { division: 'h.division_code' }))
    .executeTakeFirst();
}

export async function getDepartmentCode(db: Executor, departmentId: string) {
  return db.selectFrom('departments').select('code').where('id', '=', departmentId).executeTakeFirstOrThrow();
}

export async function insertPerson(tx: Tx, values: Insertable<PersonsTable>) {
  return tx.insertInto('persons').values(values).returning('id').executeTakeFirstOrThrow();
}

/**
 * Imports an actor may read: those run by a member of a department inside the scope (the error
 * report quotes rows of the file). An import of another county is "not found", in the query.
 */
function importsInScope(db: Executor, scope: Scope) {
  return db
    .selectFrom('imports as i')
    .leftJoin('users as u', 'u.id', 'i.created_by')
    .leftJoin('departments as d', 'd.id', 'u.department_id')
    .where(inScope(scope, { department: 'd.id', division: 'd.division_code' }));
}

export async function findImportInScope(db: Executor, id: string, scope: Scope) {
  return importsInScope(db, scope).selectAll('i').where('i.id', '=', id).executeTakeFirst();
}

export async function findImportErrorsInScope(db: Executor, id: string, scope: Scope) {
  return importsInScope(db, scope).select(['i.errors', 'i.file_name']).where('i.id', '=', id).executeTakeFirst();
}

/** Open conflicts of persons inside the scope, oldest first. */
export async function listOpenConflictsInScope(db: Executor, scope: Scope) {
  return db
    .selectFrom('registry_conflicts as c')
    .innerJoin('persons as p', 'p.id', 'c.person_id')
    .select([
      'c.id',
      'c.person_id',
      'p.name',
      'c.field',
      'c.current_value',
      'c.incoming_value',
      'c.source',
      'c.created_at',
    ])
    .where('c.status', '=', 'open')
    .where(inScope(scope, { division: 'p.division_code' }))
    .orderBy('c.created_at')
    .limit(500)
    .execute();
}
