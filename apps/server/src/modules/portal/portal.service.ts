import type { App } from '../../app.ts';
import type { ClockState } from '../../core/cases/clock.ts';
import { readHistory } from '../../core/cases/case.repository.ts';
import { actionLabel } from '../../core/cases/case.queries.ts';
import { AppError } from '../../core/errors.ts';

const notFound = () => new AppError(404, 'case_not_found', '未找到该办件：请核对办件编号和身份证号后四位', 'No case matches this number and ID tail', 'number');

/** The case a resident names by its number and the applicant's ID tail; a wrong pair answers like an unknown number. */
export async function caseByNumberAndTail(app: App, number: string, idTail: string) {
  const row = await app.db.selectFrom('cases as c').leftJoin('persons as p', (j) => j.onRef('p.id', '=', 'c.subject_id').on('c.subject_type', '=', 'person'))
    .select(['c.id', 'c.number', 'c.title', 'c.type_code', 'c.status', 'c.is_open', 'c.due_date', 'c.due_state', 'c.clocks', 'c.opened_at', 'c.closed_at', 'c.subject_type', 'c.subject_id', 'c.subject_name', 'c.division_code', 'c.owning_department_id', 'c.data', 'p.id_number_enc'])
    .where('c.number', '=', number.trim()).executeTakeFirst();
  if (!row) throw notFound();
  // a household's case (低保) is followed with the ID tail of any of its members: the applicant may be any of them
  const ids = row.subject_type === 'household'
    ? (await app.db.selectFrom('household_members as m').innerJoin('persons as p', 'p.id', 'm.person_id').select('p.id_number_enc').where('m.household_id', '=', row.subject_id).execute()).map((m) => m.id_number_enc)
    : row.id_number_enc ? [row.id_number_enc] : [];
  if (!ids.some((enc) => app.cipher.decrypt(enc).slice(-4).toUpperCase() === idTail.trim().toUpperCase())) throw notFound();
  return row;
}

/**
 * What a resident may see of a case: its steps, the departments that took them and the due date.
 * No names, no opinions, no inputs — they may hold anyone's personal data. The case must be
 * named by its number and the last four characters of the applicant's ID number, and a wrong
 * pair answers exactly like an unknown number.
 */
export async function trackCase(app: App, number: string, idTail: string) {
  const row = await caseByNumberAndTail(app, number, idTail);
  const type = app.cases.type(row.type_code);
  const history = await readHistory(app.db, row.id);
  const clocks = row.clocks as ClockState[];
  return {
    number: row.number, typeName: type.name, typeNameEn: type.nameEn, status: row.status, statusLabel: type.states[row.status]?.label ?? row.status,
    isOpen: row.is_open, dueDate: row.due_date, dueState: row.due_state, paused: clocks.some((c) => c.state === 'paused'),
    openedAt: row.opened_at.toISOString(), closedAt: row.closed_at?.toISOString() ?? null,
    steps: history.map((h) => ({ at: h.at.toISOString(), action: h.action, label: actionLabel(type, h.action), department: h.department })),
  };
}

/** The public directory: every active department with its address, phone and hours, by division. */
export async function departmentDirectory(app: App) {
  const rows = await app.db.selectFrom('departments as d').innerJoin('divisions as v', 'v.code', 'd.division_code')
    .select(['d.code', 'd.name', 'd.kind', 'd.phone', 'd.address', 'd.hours', 'v.code as divisionCode', 'v.name as divisionName', 'v.level'])
    .where('d.active', '=', true).where('v.level', '<=', 4).orderBy('v.level').orderBy('v.code').orderBy('d.code').execute();
  const groups = new Map<string, { divisionCode: string; divisionName: string; level: number; departments: Array<{ code: string; name: string; kind: string; phone: string | null; address: string | null; hours: string | null }> }>();
  for (const r of rows) {
    const g = groups.get(r.divisionCode) ?? { divisionCode: r.divisionCode, divisionName: r.divisionName, level: r.level, departments: [] };
    g.departments.push({ code: r.code, name: r.name, kind: r.kind, phone: r.phone, address: r.address, hours: r.hours });
    groups.set(r.divisionCode, g);
  }
  return [...groups.values()];
}

/** The villages and communities (current ones), with their township, for forms that ask where home is. */
export async function villages(app: App) {
  return app.db.selectFrom('divisions as v').innerJoin('divisions as t', 't.code', 'v.parent_code')
    .select(['v.code', 'v.name', 't.name as township']).where('v.level', '=', 5).where('v.valid_until', 'is', null)
    .orderBy('v.code').execute();
}
