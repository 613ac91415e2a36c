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
  return db.transaction().execute(async (tx) => {
    const { rows } = await sql<{ id: string; due_state: string; assignee_id: string | null; owning_department_id: string; number: string; due_date: string }>`
      UPDATE cases SET due_state = s.next
      FROM (
        SELECT id, CASE WHEN ${today}::date > due_date THEN 'overdue' WHEN ${today}::date >= due_soon_date THEN 'dueSoon' ELSE 'normal' END AS next
        FROM cases WHERE is_open AND due_date IS NOT NULL
      ) s
      WHERE cases.id = s.id AND cases.due_state <> s.next
      RETURNING cases.id, cases.due_state, cases.assignee_id, cases.owning_department_id, cases.number, cases.due_date`.execute(tx);
    const overdue = rows.filter((r) => r.due_state === 'overdue');
    if (overdue.length) {
      await sql`
        INSERT INTO notifications (user_id, kind, case_id, message)
        SELECT COALESCE(x.assignee_id, u.id), 'overdue', x.id, '办件 ' || x.number || ' 已超过办理期限（' || x.due_date || '），请尽快办理'
        FROM jsonb_to_recordset(${JSON.stringify(overdue)}::jsonb) AS x(id uuid, assignee_id uuid, owning_department_id uuid, number text, due_date text)
        LEFT JOIN users u ON x.assignee_id IS NULL AND u.department_id = x.owning_department_id AND u.active
        WHERE COALESCE(x.assignee_id, u.id) IS NOT NULL
        ON CONFLICT (user_id, kind, case_id) DO NOTHING`.execute(tx);
    }
    const counts = { overdue: overdue.length, dueSoon: rows.filter((r) => r.due_state === 'dueSoon').length, normal: rows.filter((r) => r.due_state === 'normal').length };
    if (rows.length) await recordAudit(tx, { action: 'case.deadline_scan', actorName: 'worker', details: { today, ...counts } });
    return counts;
  });
}
