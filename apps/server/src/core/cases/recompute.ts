import { sql } from 'kysely';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { Db } from '../db/database.ts';
import { shanghaiDateOf } from '../time.ts';
import type { CaseTypeRegistry } from './case-type.ts';
import { writeDerived } from './case.repository.ts';
import { deriveCase, type LoggedAction } from './derive.ts';

/**
 * After a year's holiday notice replaces its provisional calendar, the open cases whose clocks run
 * into that year are derived again from their logs: their due dates follow the notice's 调休. In
 * batches, each locked for its own short transaction, so that work on the cases goes on meanwhile.
 */
export async function recomputeOpenCases(
  deps: { db: Db; caseTypes: CaseTypeRegistry; calendar: CalendarService },
  year: number,
  now: Date,
): Promise<number> {
  const calendar = await deps.calendar.get();
  let cursor = '00000000-0000-0000-0000-000000000000';
  let changed = 0;
  for (;;) {
    const done = await deps.db.transaction().execute(async (tx) => {
      const cases = await tx
        .selectFrom('cases')
        .select(['id', 'type_code', 'clocks'])
        .where('is_open', '=', true)
        .where('id', '>', cursor)
        // any clock due in the year or later, or paused (its due date is recomputed on resuming)
        .where(
          sql<boolean>`(due_state = 'paused' OR EXISTS (SELECT 1 FROM jsonb_array_elements(clocks) k WHERE k->>'dueDate' >= ${`${year}-01-01`}))`,
        )
        .orderBy('id')
        .limit(500)
        .forUpdate()
        .execute();
      if (cases.length === 0) return true;
      cursor = cases.at(-1)!.id;
      const logs = await tx
        .selectFrom('case_actions')
        .select(['case_id', 'seq', 'action', 'at', 'actor_id', 'actor_department_id', 'inputs'])
        .where(
          'case_id',
          'in',
          cases.map((c) => c.id),
        )
        .orderBy('case_id')
        .orderBy('seq')
        .execute();
      for (const c of cases) {
        const type = deps.caseTypes.get(c.type_code);
        if (!type) continue;
        const log: LoggedAction[] = logs
          .filter((a) => a.case_id === c.id)
          .map((a) => ({
            seq: a.seq,
            action: a.action,
            at: a.at,
            actorId: a.actor_id,
            actorDepartmentId: a.actor_department_id,
            inputs: a.inputs,
          }));
        const derived = deriveCase(type, log, calendar, shanghaiDateOf(now));
        if (
          JSON.stringify(derived.clocks.map((k) => k.dueDate)) !==
          JSON.stringify((c.clocks as Array<{ dueDate: string | null }>).map((k) => k.dueDate))
        )
          changed++;
        await writeDerived(tx, c.id, derived);
      }
      return false;
    });
    if (done) break;
  }
  return changed;
}
