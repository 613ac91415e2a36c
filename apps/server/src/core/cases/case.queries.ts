import { sql } from 'kysely';
import { type Actor, type Scope, requireScope, scopeCovers, scopeOf } from '../auth/actor.ts';
import { inScope } from '../auth/jurisdiction.ts';
import type { Executor } from '../db/database.ts';
import type { CasesTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { CaseType } from './case-type.ts';
import type { ClockState } from './clock.ts';
import { findCaseInScope, readHistory } from './case.repository.ts';
import type { Selectable } from 'kysely';

type CaseRow = Selectable<CasesTable>;

export interface CaseView {
  id: string;
  number: string;
  typeCode: string;
  typeName: string;
  title: string;
  subject: { type: string; id: string; name: string };
  divisionCode: string;
  status: string;
  statusLabel: string;
  isOpen: boolean;
  version: number;
  flags: string[];
  owningDepartmentId: string;
  leadDepartmentId: string | null;
  assistingDepartmentIds: string[];
  assigneeId: string | null;
  dueDate: string | null;
  dueState: string;
  clocks: ClockState[];
  data: Record<string, unknown>;
  openedAt: string;
  closedAt: string | null;
  allowedActions: Array<{ code: string; label: string }>;
}

export function toCaseView(row: CaseRow, type: CaseType, allowedActions: CaseView['allowedActions']): CaseView {
  return {
    id: row.id, number: row.number, typeCode: row.type_code, typeName: type.name, title: row.title,
    subject: { type: row.subject_type, id: row.subject_id, name: row.subject_name }, divisionCode: row.division_code,
    status: row.status, statusLabel: type.states[row.status]?.label ?? row.status, isOpen: row.is_open, version: row.version, flags: row.flags,
    owningDepartmentId: row.owning_department_id, leadDepartmentId: row.lead_department_id, assistingDepartmentIds: row.assisting_department_ids,
    assigneeId: row.assignee_id, dueDate: row.due_date, dueState: row.due_state, clocks: row.clocks as ClockState[], data: row.data,
    openedAt: row.opened_at.toISOString(), closedAt: row.closed_at?.toISOString() ?? null, allowedActions,
  };
}

const ENGINE_LABELS = { transfer: ['转办', 'case.transfer'], setAssisting: ['设置协办部门', 'case.transfer'], assign: ['指派承办人', 'case.act'], supervise: ['督办', 'case.supervise'] } as const;

/** What this actor may do to this case now: the answer a 409 carries and the console shows as buttons. */
export async function allowedActionsFor(db: Executor, actor: Actor, type: CaseType, row: CaseRow, divisionPath?: string): Promise<CaseView['allowedActions']> {
  if (!row.is_open) return [];
  const path = divisionPath ?? (await db.selectFrom('divisions').select('path').where('code', '=', row.division_code).executeTakeFirstOrThrow()).path;
  const record = { departmentIds: [row.owning_department_id, ...row.assisting_department_ids], divisionPath: path };
  const covers = (scope: Scope | undefined) => !!scope && scopeCovers(scope, record);
  const out: CaseView['allowedActions'] = type.actions
    .filter((a) => a.from.includes(row.status) && covers(scopeOf(actor, 'case.act', a.roles)))
    .map((a) => ({ code: a.code, label: a.label }));
  for (const [code, [label, permission]] of Object.entries(ENGINE_LABELS)) {
    if (covers(scopeOf(actor, permission))) out.push({ code, label });
  }
  return out;
}

export async function getCaseWithHistory(db: Executor, actor: Actor, caseId: string, typeOf: (code: string) => CaseType) {
  const scope = requireScope(actor, 'case.read');
  const row = await findCaseInScope(db, caseId, scope);
  if (!row) throw new AppError(404, 'not_found', '办件不存在或不在您的辖区内', 'Case not found or outside your jurisdiction');
  const type = typeOf(row.type_code);
  const history = await readHistory(db, caseId);
  const documents = await db.selectFrom('documents').select(['id', 'number', 'kind', 'title', 'issued_at', 'verification_code']).where('case_id', '=', caseId).orderBy('issued_at').execute();
  return {
    case: toCaseView(row, type, await allowedActionsFor(db, actor, type, row)),
    history: history.map((h) => ({
      seq: h.seq, action: h.action, label: type.actions.find((a) => a.code === h.action)?.label ?? ENGINE_LABELS[h.action as keyof typeof ENGINE_LABELS]?.[0] ?? (h.action === 'open' ? '接件' : h.action),
      at: h.at.toISOString(), actor: h.actor_name, role: h.actor_role, department: h.department, inputs: h.inputs, opinion: h.opinion, attachments: h.attachments,
    })),
    clockExplanation: (row.clocks as ClockState[]).flatMap((c) => c.explanation.map((e) => ({ clock: c.code, ...e }))).sort((a, b) => a.on.localeCompare(b.on)),
    documents: documents.map((d) => ({ ...d, issued_at: d.issued_at.toISOString() })),
  };
}

export type WorkList = 'mine' | 'department' | 'dueSoon' | 'overdue' | 'all';

export interface WorkListPage {
  items: Array<Pick<CaseView, 'id' | 'number' | 'title' | 'status' | 'dueDate' | 'dueState' | 'version' | 'flags'> & { subjectName: string; typeCode: string; owningDepartmentId: string }>;
  nextCursor: string | null;
}

/**
 * Work lists, due first, paged by keyset (due_sort, id) so page 50 costs what page 1 does.
 * Every list is cut to the actor's jurisdiction inside the query.
 */
export async function workList(db: Executor, actor: Actor, list: WorkList, opts: { cursor?: string | undefined; limit?: number | undefined }): Promise<WorkListPage> {
  const scope = requireScope(actor, 'case.read');
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 200);
  let q = db
    .selectFrom('cases as c')
    .select(['c.id', 'c.number', 'c.title', 'c.status', 'c.due_date', 'c.due_state', 'c.version', 'c.flags', 'c.subject_name', 'c.type_code', 'c.owning_department_id', 'c.due_sort'])
    .where('c.is_open', '=', true);
  // "my department's queue" is itself a jurisdiction condition: every read grant (department,
  // subtree or all) covers the actor's own department. Leaving the general filter out of it lets
  // the planner read the (department, due) index alone.
  if (list === 'department') q = q.where('c.owning_department_id', '=', actor.departmentId);
  else q = q.where(inScope(scope, { department: 'c.owning_department_id', assisting: 'c.assisting_department_ids', division: 'c.division_code' }));
  if (list === 'mine') q = q.where('c.assignee_id', '=', actor.id);
  if (list === 'dueSoon') q = q.where('c.due_state', '=', 'dueSoon');
  if (list === 'overdue') q = q.where('c.due_state', '=', 'overdue');
  if (opts.cursor) {
    const [due, id] = decodeCursor(opts.cursor);
    q = q.where(sql<boolean>`(c.due_sort, c.id) > (${due}::date, ${id}::uuid)`);
  }
  const rows = await q.orderBy('c.due_sort').orderBy('c.id').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ id: r.id, number: r.number, title: r.title, status: r.status, dueDate: r.due_date, dueState: r.due_state, version: r.version, flags: r.flags, subjectName: r.subject_name, typeCode: r.type_code, owningDepartmentId: r.owning_department_id })),
    nextCursor: rows.length > limit && last ? Buffer.from(`${last.due_sort}|${last.id}`).toString('base64url') : null,
  };
}

function decodeCursor(cursor: string): [string, string] {
  const [due, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!due || !id || !/^\d{4}-\d{2}-\d{2}$/.test(due) || !/^[0-9a-f-]{36}$/.test(id)) throw new AppError(400, 'invalid_cursor', '分页游标无效', 'Invalid cursor', 'cursor');
  return [due, id];
}
