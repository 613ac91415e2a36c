import type { Actor } from '../../core/auth/actor.ts';
import { type SubjectResolvers, subjectReach } from '../../core/cases/case-subjects.ts';
import type { Tx } from '../../core/db/database.ts';

/** A person, by her name, in the actor's reach: the division of her record decides it. */
async function person(tx: Tx, id: string, actor: Actor) {
  const reach = subjectReach(actor);
  const row = await tx
    .selectFrom('persons as s')
    .innerJoin('divisions as d', 'd.code', 's.division_code')
    .select(['s.id', 's.name', 's.division_code', 'd.path'])
    .where('s.id', '=', id)
    .$if(reach !== undefined, (q) => q.where('d.path', 'like', `${reach}%`))
    .executeTakeFirst();
  return row && { id: row.id, name: row.name, divisionCode: row.division_code, divisionPath: row.path };
}

/** A household, by its number, in the actor's reach. */
async function household(tx: Tx, id: string, actor: Actor) {
  const reach = subjectReach(actor);
  const row = await tx
    .selectFrom('households as s')
    .innerJoin('divisions as d', 'd.code', 's.division_code')
    .select(['s.id', 's.number', 's.division_code', 'd.path'])
    .where('s.id', '=', id)
    .$if(reach !== undefined, (q) => q.where('d.path', 'like', `${reach}%`))
    .executeTakeFirst();
  return row && { id: row.id, name: row.number, divisionCode: row.division_code, divisionPath: row.path };
}

/** What cases are opened on in the register: persons and households. */
export const registrySubjects: SubjectResolvers = { person, household };
