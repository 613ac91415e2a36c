import { recordAudit } from '../../core/audit/audit.ts';
import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import type { Db } from '../../core/db/database.ts';
import type { NotificationService } from '../../core/notifications/notifications.service.ts';
import { insertEscalationOnce, listOverdueOrdersForJob } from './escalation.repository.ts';

/** Working days over the due date at which each step is taken: 催办, 督办通知, 通报批评 (configurable per deployment). */
export const ESCALATION_STEPS = { reminder: 1, supervision: 3, criticism: 10 } as const;
const TEXT: Record<1 | 2 | 3, string> = {
  1: '催办：工单已超过办理时限，请尽快办理并答复',
  2: '督办通知：工单超期3个工作日以上，已列入督办，请于2个工作日内报告办理情况',
  3: '通报批评：工单超期10个工作日以上，已记入部门考核',
};

/**
 * Overdue work orders escalate one step at a time and each step once: a reminder to the lead
 * department, then a supervision notice (also to the supervisors), then a written criticism entry
 * that the departments' assessment counts. Run by the worker every morning; safe to run again.
 */
export async function escalateOverdue(
  db: Db,
  notifications: NotificationService,
  calendar: WorkingCalendar,
  today: string,
  steps: { reminder: number; supervision: number; criticism: number } = ESCALATION_STEPS,
) {
  const overdue = await listOverdueOrdersForJob(db);
  const made = { 1: 0, 2: 0, 3: 0 };
  for (const c of overdue) {
    const over = calendar.countDays(c.due_date!, today, 'working');
    const reached = (
      [
        [1, steps.reminder],
        [2, steps.supervision],
        [3, steps.criticism],
      ] as const
    )
      .filter(([, days]) => over >= days)
      .map(([level]) => level);
    for (const level of reached) {
      await db.transaction().execute(async (tx) => {
        const row = await insertEscalationOnce(tx, {
          caseId: c.id,
          level,
          departmentId: c.owning_department_id,
          at: new Date(),
        });
        if (!row) return;
        made[level]++;
        const message = `${TEXT[level]}（${c.number} ${c.title}）`;
        const told = await notifications.activeStaff(
          tx,
          c.owning_department_id,
          level >= 2 ? { orRole: 'supervisor' } : {},
        );
        await notifications.notify(
          tx,
          told.map((userId) => ({ userId, kind: `complaint_escalation_${level}`, caseId: c.id, message })),
        );
        await recordAudit(tx, {
          action: `complaint.escalated`,
          actorName: 'system',
          targetType: 'case',
          targetId: c.id,
          divisionCode: c.division_code,
          details: { number: c.number, level, daysOver: over },
        });
      });
    }
  }
  return made;
}
