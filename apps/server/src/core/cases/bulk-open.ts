import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { Tx } from '../db/database.ts';
import { formatNumber } from '../documents/numbering.ts';
import { shanghaiDateOf, yearOf } from '../time.ts';
import type { CaseType } from './case-type.ts';
import { type AttachedFile, derivedColumns, insertActions, nextCaseSerials } from './case.repository.ts';
import { deriveCase, type LoggedAction } from './derive.ts';

export interface BulkOpening {
  title: string;
  subjectType: 'person' | 'household' | 'organisation' | 'complaint';
  subjectId: string;
  subjectName: string;
  divisionCode: string;
  departmentId: string;
  fields: Record<string, unknown>;
  attachments?: AttachedFile[];
}

/**
 * Cases the system opens on a schedule (定期核查), many at once: the same log entry an opening by a
 * person writes, with the system as its actor, numbers taken in one statement from the sequence of
 * the type's prefix and year (unique and increasing, not gap-free: migration 030), and rows written in
 * batches. The caller checks the fields.
 */
export async function openCasesInBulk(
  tx: Tx,
  type: CaseType,
  openings: BulkOpening[],
  calendar: WorkingCalendar,
  at: Date,
  actorName: string,
): Promise<Array<{ id: string; number: string }>> {
  if (openings.length === 0) return [];
  const year = yearOf(shanghaiDateOf(at));
  const serials = await nextCaseSerials(tx, type.numberPrefix, year, openings.length);
  const out: Array<{ id: string; number: string }> = [];
  for (let i = 0; i < openings.length; i += 1000) {
    const batch = openings.slice(i, i + 1000).map((o, k) => {
      const opening: LoggedAction = {
        seq: 1,
        action: 'open',
        at,
        actorId: null,
        actorDepartmentId: o.departmentId,
        inputs: { departmentId: o.departmentId, fields: o.fields },
      };
      return {
        o,
        opening,
        number: formatNumber(type.numberPrefix, year, serials[i + k]!),
        derived: deriveCase(type, [opening], calendar, shanghaiDateOf(at)),
      };
    });
    const rows = await tx
      .insertInto('cases')
      .values(
        batch.map((b) => ({
          type_code: type.code,
          number: b.number,
          title: b.o.title,
          subject_type: b.o.subjectType,
          subject_id: b.o.subjectId,
          subject_name: b.o.subjectName,
          division_code: b.o.divisionCode,
          opened_at: at,
          ...derivedColumns(b.derived),
        })),
      )
      .returning(['id', 'number'])
      .execute();
    const byNumber = new Map(batch.map((b) => [b.number, b]));
    await insertActions(
      tx,
      rows.map((r) => {
        const b = byNumber.get(r.number)!;
        return {
          caseId: r.id,
          seq: 1,
          action: 'open',
          at,
          actorId: null,
          actorName,
          actorRole: null,
          actorDepartmentId: b.o.departmentId,
          inputs: b.opening.inputs,
          opinion: null,
          attachments: b.o.attachments ?? [],
        };
      }),
    );
    out.push(...rows);
  }
  return out;
}
