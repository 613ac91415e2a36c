import type { Actor } from '../../core/auth/actor.ts';
import { type SubjectResolvers, subjectReach } from '../../core/cases/case-subjects.ts';
import type { Tx } from '../../core/db/database.ts';

/** An organisation, by its name, in the actor's reach: the division it is registered in decides it. */
async function organisation(tx: Tx, id: string, actor: Actor) {
  const reach = subjectReach(actor);
  const row = await tx
    .selectFrom('organisations as s')
    .innerJoin('divisions as d', 'd.code', 's.division_code')
    .select(['s.id', 's.name', 's.division_code', 'd.path'])
    .where('s.id', '=', id)
    .$if(reach !== undefined, (q) => q.where('d.path', 'like', `${reach}%`))
    .executeTakeFirst();
  return row && { id: row.id, name: row.name, divisionCode: row.division_code, divisionPath: row.path };
}

/** What cases are opened on in the register of organisations. */
export const orgSubjects: SubjectResolvers = { organisation };
