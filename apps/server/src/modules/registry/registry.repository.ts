import { sql } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import type { Executor } from '../../core/db/database.ts';
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
}

/** Exact ID (blind index), name or address fragment (token GIN + trigram recheck), household number; always inside the scope. */
export async function searchPersons(db: Executor, scope: Scope, s: PersonSearch) {
  let q = db
    .selectFrom('persons as p')
    .select(personListColumns)
    .where(inScope(scope, { division: 'p.division_code' }));
  if (s.idNumberBidx) q = q.where('p.id_number_bidx', 'in', s.idNumberBidx);
  if (s.phoneBidx) q = q.where('p.phone_bidx', 'in', s.phoneBidx);
  for (const fragment of [s.name, s.address]) {
    if (!fragment) continue;
    const tokens = queryTokens(fragment);
    if (tokens.length)
      q = q.where(
        sql<boolean>`p.search_tokens @@ ${tokens.map((t) => `'${t.replace(/'/g, "''")}'`).join(' & ')}::tsquery`,
      );
    q = q.where('p.search_text', 'like', `%${fragment.replace(/[%_\\]/g, '\\$&')}%`);
  }
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
