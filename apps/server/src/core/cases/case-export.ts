import { SHEET_CONTENT_TYPES, writeSheet } from '../documents/spreadsheet.ts';
import type { Actor } from '../auth/actor.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import type { CaseType } from './case-type.ts';
import { type WorkList, type WorkListFilter, workList } from './case.queries.ts';

const DUE_STATE_LABEL: Record<string, string> = {
  none: '',
  normal: '正常',
  dueSoon: '临期（黄）',
  overdue: '超期（红）',
  paused: '暂停计时',
};
const HEADER = ['办件编号', '事项', '办件对象', '类型', '状态', '截止日期', '时限状态'];

/**
 * A whole work list as a spreadsheet: CSV with a BOM (Excel opens it as UTF-8) or XLSX. Taking it
 * away is an entry of the audit log, committed before the file leaves.
 */
export async function exportWorkList(
  db: Db,
  actor: Actor,
  list: WorkList,
  format: 'csv' | 'xlsx',
  typeOf: (code: string) => CaseType,
  filter: WorkListFilter = {},
  /** where the rows are read (the read replica); the audit entry is written on `db` */
  read: Db = db,
) {
  const rows: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await workList(read, actor, list, { ...filter, cursor, limit: 200 });
    for (const c of page.items) {
      const type = typeOf(c.typeCode);
      rows.push([
        c.number,
        c.title,
        c.subjectName,
        type.name,
        type.states[c.status]?.label ?? c.status,
        c.dueDate ?? '',
        DUE_STATE_LABEL[c.dueState] ?? c.dueState,
      ]);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < 100_000);
  const stamp = new Date().toISOString().slice(0, 10);
  const file = {
    rows: rows.length,
    fileName: `cases-${list}-${stamp}.${format}`,
    contentType: SHEET_CONTENT_TYPES[format],
    body: await writeSheet(format, '办件清单', HEADER, rows, [20, 30, 14, 16, 12, 12, 12]),
  };
  await db.transaction().execute((tx) =>
    recordAudit(tx, {
      action: 'case.export',
      actorId: actor.id,
      actorName: actor.username,
      ip: actor.ip ?? null,
      details: { list, format, filter, rows: file.rows },
    }),
  );
  return file;
}
