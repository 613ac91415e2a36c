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
