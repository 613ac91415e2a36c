import type { Insertable } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import type { Executor, Tx } from '../../core/db/database.ts';
import type { AssistanceWorkRecordsTable } from './assistance.schema.ts';

/** The person a record is about, with her division, only inside the scope. */
export async function findPersonRefInScope(db: Executor, personId: string, scope: Scope) {
  return db
    .selectFrom('persons')
    .select(['id', 'division_code'])
    .where('id', '=', personId)
    .where(inScope(scope, { division: 'persons.division_code' }))
    .executeTakeFirst();
}

export async function insertWorkRecord(tx: Tx, values: Insertable<AssistanceWorkRecordsTable>) {
  return tx.insertInto('assistance_work_records').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function listWorkRecordsInScope(
  db: Executor,
  scope: Scope,
  q: { personId?: string | undefined; kind?: AssistanceWorkRecordsTable['kind'] | undefined },
) {
  return db
    .selectFrom('assistance_work_records as w')
    .innerJoin('persons as p', 'p.id', 'w.person_id')
    .select([
      'w.id',
      'w.person_id',
      'p.name',
      'w.kind',
      'w.on_date',
      'w.hours',
      'w.organisation',
      'w.notes',
      'w.outcome',
      'w.recorded_by_name',
    ])
    .where(inScope(scope, { division: 'w.division_code' }))
    .$if(!!q.personId, (x) => x.where('w.person_id', '=', q.personId!))
    .$if(!!q.kind, (x) => x.where('w.kind', '=', q.kind!))
    .orderBy('w.on_date', 'desc')
    .orderBy('w.id', 'desc')
    .limit(500)
    .execute();
}
