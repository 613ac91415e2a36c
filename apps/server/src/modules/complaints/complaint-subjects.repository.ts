import { sql } from 'kysely';
import type { Actor } from '../../core/auth/actor.ts';
import { type SubjectResolvers, subjectReach } from '../../core/cases/case-subjects.ts';
import type { Tx } from '../../core/db/database.ts';

/**
 * A matter received (诉求), named by its complainant: she may be anonymous or not in the register,
 * so the place of the matter decides the reach.
 */
async function complaint(tx: Tx, id: string, actor: Actor) {
  const reach = subjectReach(actor);
  const row = await tx
    .selectFrom('complaints as s')
    .innerJoin('divisions as d', 'd.code', 's.division_code')
    .select(['s.id', 's.division_code', sql<string>`coalesce(s.complainant_name, '匿名')`.as('name'), 'd.path'])
    .where('s.id', '=', id)
    .$if(reach !== undefined, (q) => q.where('d.path', 'like', `${reach}%`))
    .executeTakeFirst();
  return row && { id: row.id, name: row.name, divisionCode: row.division_code, divisionPath: row.path };
}

/** What cases are opened on in 12345 and 信访: the matters received. */
export const complaintSubjects: SubjectResolvers = { complaint };
