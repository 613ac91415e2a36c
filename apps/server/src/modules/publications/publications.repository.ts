import type { Db } from '../../core/db/database.ts';

/**
 * What the printed publications are made of, and the PDFs kept under their fingerprints. All public:
 * the cards and the handbook print what any resident may read, so no read takes a scope.
 */

export async function findPublication(db: Db, kind: 'card' | 'board' | 'handbook', scope: string, fingerprint: string) {
  return db
    .selectFrom('publications')
    .select('file_hash')
    .where('kind', '=', kind)
    .where('scope', '=', scope)
    .where('fingerprint', '=', fingerprint)
    .executeTakeFirst();
}

/** Keeps a rendered PDF; a concurrent render of the same content keeps the first. */
export async function insertPublication(
  db: Db,
  values: {
    kind: 'card' | 'board' | 'handbook';
    scope: string;
    fingerprint: string;
    file_hash: string;
    generated_at: Date;
  },
) {
  await db
    .insertInto('publications')
    .values(values)
    .onConflict((oc) => oc.columns(['kind', 'scope', 'fingerprint']).doNothing())
    .execute();
}

/** A township's villages with their consultant, if any. */
export async function listVillageConsultants(db: Db, townshipCode: string) {
  return db
    .selectFrom('divisions as v')
    .leftJoin('village_consultants as c', 'c.division_code', 'v.code')
    .select(['v.code', 'v.name', 'c.name as consultant', 'c.phone'])
    .where('v.parent_code', '=', townshipCode)
    .where('v.level', '=', 5)
    .where('v.valid_until', 'is', null)
    .orderBy('v.code')
    .execute();
}

/** A division's path and level (the caller checks it is a village in the actor's reach). */
export async function findDivision(db: Db, code: string) {
  return db.selectFrom('divisions').select(['code', 'path', 'level']).where('code', '=', code).executeTakeFirst();
}

export async function upsertConsultant(
  db: Db,
  v: { division_code: string; name: string; phone: string; updated_at: Date },
) {
  await db
    .insertInto('village_consultants')
    .values(v)
    .onConflict((oc) =>
      oc.column('division_code').doUpdateSet({ name: v.name, phone: v.phone, updated_at: v.updated_at }),
    )
    .execute();
}

/** A current village with its township and county. */
export async function findVillageWithParents(db: Db, villageCode: string) {
  return db
    .selectFrom('divisions as v')
    .innerJoin('divisions as t', 't.code', 'v.parent_code')
    .innerJoin('divisions as c', 'c.code', 't.parent_code')
    .select([
      'v.code',
      'v.name',
      'v.level',
      't.code as townshipCode',
      't.name as township',
      'c.code as countyCode',
      'c.name as county',
    ])
    .where('v.code', '=', villageCode)
    .where('v.valid_until', 'is', null)
    .executeTakeFirst();
}

export async function listActiveDepartmentsOf(db: Db, divisionCodes: string[]) {
  return db
    .selectFrom('departments')
    .select(['code', 'name', 'address', 'phone', 'hours', 'kind', 'division_code'])
    .where('active', '=', true)
    .where('division_code', 'in', divisionCodes)
    .orderBy('code')
    .execute();
}

export async function findConsultant(db: Db, villageCode: string) {
  return db
    .selectFrom('village_consultants')
    .select(['name', 'phone'])
    .where('division_code', '=', villageCode)
    .executeTakeFirst();
}

export async function findCountyDivision(db: Db, countyCode: string) {
  return db.selectFrom('divisions').select(['name', 'level', 'path']).where('code', '=', countyCode).executeTakeFirst();
}

/** Active departments anywhere under a division path, the county's own first. */
export async function listActiveDepartmentsUnder(db: Db, path: string) {
  return db
    .selectFrom('departments as d')
    .innerJoin('divisions as v', 'v.code', 'd.division_code')
    .select(['d.code', 'd.name', 'd.address', 'd.phone', 'd.hours'])
    .where('d.active', '=', true)
    .where('v.path', 'like', `${path}%`)
    .orderBy('v.level')
    .orderBy('d.code')
    .execute();
}
