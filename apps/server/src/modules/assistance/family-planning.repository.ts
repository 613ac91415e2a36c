import { sql } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import type { Executor } from '../../core/db/database.ts';

/**
 * The head or spouse of a household with exactly one child, born by `bornBy`, not yet enrolled in the
 * programme, inside the scope. With personIds: only those, and their household rows locked (enrolment).
 */
export async function rewardCandidatesInScope(
  db: Executor,
  scope: Scope,
  c: { programme: string; bornBy: string; personIds?: string[] | undefined },
) {
  return db
    .selectFrom('persons as p')
    .innerJoin('household_members as hm', 'hm.person_id', 'p.id')
    .innerJoin('households as h', 'h.id', 'hm.household_id')
    .innerJoin('divisions as d', 'd.code', 'p.division_code')
    .select([
      'p.id',
      'p.name',
      'p.id_number_masked',
      'p.birth_date',
      'p.division_code',
      'd.name as divisionName',
      'h.number as householdNumber',
      'h.id as householdId',
    ])
    .where('hm.relation', 'in', ['head', 'spouse'])
    .where('p.birth_date', '<=', c.bornBy)
    .where(
      sql<boolean>`(SELECT count(*) FROM household_members c WHERE c.household_id = h.id AND c.relation = 'child') = 1`,
    )
    .where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM assistance_entitlements e WHERE e.programme = ${c.programme} AND e.beneficiary_id = p.id AND e.status <> 'terminated')`,
    )
    .where(inScope(scope, { division: 'p.division_code' }))
    .$if(!!c.personIds, (q) => q.where('p.id', 'in', c.personIds!).forUpdate('hm'))
    .orderBy('p.division_code')
    .orderBy('p.birth_date')
    .limit(500)
    .execute();
}
