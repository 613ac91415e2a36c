import { sql } from 'kysely';
import { recordAudit } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';

/**
 * Marks due-soon and overdue among open cases with one set-based UPDATE (the due and due-soon dates
 * are stored when each action is derived), then notifies the assignee, or the owning department's
 * staff when nobody is assigned, of every case that has just turned red. Safe to run any number of
 * times: a case changes state once and a notification is unique per user, kind and case.
 */
export async function scanDeadlines(db: Db, today: string) {
  const nextState = sql<string>`CASE WHEN ${today}::date > due_date THEN 'overdue' WHEN ${today}::date >= due_soon_date THEN 'dueSoon' ELSE 'normal' END`;
  return db.transaction().execute(async (tx) => {
    // one statement, nothing shipped to the application: the changed rows feed the notifications directly
    const { rows } = await sql<{ due_state: string; n: number }>`
      -- the state is computed twice in the statement rather than in a subquery joined back by id: the
      -- join made PostgreSQL hash a million open cases against themselves (2x the bare UPDATE's time)
      WITH changed AS (
        UPDATE cases SET due_state = ${nextState}
        WHERE is_open AND due_date IS NOT NULL AND due_state <> ${nextState}
        RETURNING id, due_state, assignee_id, owning_department_id, number, due_date),
      notified AS (
        INSERT INTO notifications (user_id, kind, case_id, message)
        SELECT COALESCE(x.assignee_id, u.id), 'overdue', x.id, '办件 ' || x.number || ' 已超过办理期限（' || x.due_date || '），请尽快办理'
        FROM changed x
        LEFT JOIN users u ON x.assignee_id IS NULL AND u.department_id = x.owning_department_id AND u.active
        WHERE x.due_state = 'overdue' AND COALESCE(x.assignee_id, u.id) IS NOT NULL
        ON CONFLICT (user_id, kind, case_id) DO NOTHING
        RETURNING 1)
      SELECT due_state, count(*)::int AS n FROM changed GROUP BY due_state`.execute(tx);
    const count = (state: string) => rows.find((r) => r.due_state === state)?.n ?? 0;
    const counts = { overdue: count('overdue'), dueSoon: count('dueSoon'), normal: count('normal') };
    if (rows.length)
      await recordAudit(tx, { action: 'case.deadline_scan', actorName: 'worker', details: { today, ...counts } });
    return counts;
  });
}
