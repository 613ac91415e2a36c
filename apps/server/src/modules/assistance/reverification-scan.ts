import { recordAudit } from '../../core/audit/audit.ts';
import type { CalendarService } from '../../core/calendar/calendar.service.ts';
import { shiftDate } from '../../core/calendar/working-calendar.ts';
import { openCasesInBulk } from '../../core/cases/bulk-open.ts';
import type { CaseTypeRegistry } from '../../core/cases/case-type.ts';
import type { Db } from '../../core/db/database.ts';
import { type Clock, today } from '../../core/time.ts';
import { dueReverificationsForJob, lockReverificationScan } from './reverification.repository.ts';

/**
 * 定期核查 by class schedule: a re-verification case for every active entitlement whose date falls
 * within the horizon and that has none open, owned by its township's office (or, failing one, the
 * civil-affairs department above it). One transaction; safe to run again (nothing is opened twice).
 */
export async function scanReverifications(
  deps: { db: Db; caseTypes: CaseTypeRegistry; calendar: CalendarService; clock: Clock },
  horizonDays = 30,
) {
  const day = today(deps.clock);
  const until = shiftDate(day, horizonDays);
  const calendar = await deps.calendar.get();
  const type = deps.caseTypes.get('allowance_reverification')!;
  return deps.db.transaction().execute(async (tx) => {
    await lockReverificationScan(tx);
    const rows = await dueReverificationsForJob(tx, until);
    const owned = rows.filter((r) => r.department_id);
    const opened = await openCasesInBulk(
      tx,
      type,
      owned.map((r) => ({
        title: `低保定期核查（户号 ${r.number}）`,
        subjectType: 'household' as const,
        subjectId: r.household_id,
        subjectName: r.number,
        divisionCode: r.division_code,
        departmentId: r.department_id!,
        fields: { entitlementId: r.id },
      })),
      calendar,
      deps.clock(),
      '系统（定期核查）',
    );
    const result = { today: day, until, opened: opened.length, withoutDepartment: rows.length - owned.length };
    if (rows.length)
      await recordAudit(tx, { action: 'assistance.reverification_scan', actorName: 'worker', details: result });
    return result;
  });
}
