import { sql } from 'kysely';
import type { Executor, Tx } from '../../core/db/database.ts';

// The morning escalation job's queries: it acts for the system over every jurisdiction, so no scope.

export async function listOverdueOrdersForJob(db: Executor) {
  return db
    .selectFrom('cases')
    .select(['id', 'number', 'title', 'owning_department_id', 'due_date', 'division_code'])
    .where('type_code', '=', 'complaint_order')
    .where('is_open', '=', true)
    .where('due_state', '=', 'overdue')
    .execute();
}

/** Records an escalation step; undefined when the order already had this step (each step once). */
export async function insertEscalationOnce(
  tx: Tx,
  e: { caseId: string; level: 1 | 2 | 3; departmentId: string; at: Date },
) {
  return tx
    .insertInto('complaint_escalations')
    .values({ case_id: e.caseId, level: e.level, department_id: e.departmentId, at: e.at })
    .onConflict((oc) => oc.doNothing())
    .returning('level')
    .executeTakeFirst();
}

/** Notifies the active users of the lead department, and from the supervision step on the supervisors too. */
export async function notifyEscalation(
  tx: Tx,
  n: { caseId: string; level: 1 | 2 | 3; departmentId: string; message: string },
) {
  await tx
    .insertInto('notifications')
    .columns(['user_id', 'kind', 'case_id', 'message'])
    .expression(
      tx
        .selectFrom('users as u')
        .select([
          'u.id',
          sql.lit(`complaint_escalation_${n.level}`).as('kind'),
          sql`${n.caseId}::uuid`.as('case_id'),
          sql<string>`${n.message}`.as('message'),
        ])
        .where('u.active', '=', true)
        .where((eb) =>
          eb.or([
            eb('u.department_id', '=', n.departmentId),
            ...(n.level >= 2
              ? [
                  eb.exists(
                    eb
                      .selectFrom('user_roles as r')
                      .select('r.user_id')
                      .whereRef('r.user_id', '=', 'u.id')
                      .where('r.role_code', '=', 'supervisor'),
                  ),
                ]
              : []),
          ]),
        ),
    )
    .execute();
}
