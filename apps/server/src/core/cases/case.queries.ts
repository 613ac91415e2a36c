import { type Actor, type Scope, requireScope, scopeCovers, scopeOf } from '../auth/actor.ts';
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
  /** the 查询码 on the receipt: staff who may read the case can tell it to its applicant */
  queryCode: string;
}

export function toCaseView(row: CaseRow, type: CaseType, allowedActions: CaseView['allowedActions']): CaseView {
  return {
    id: row.id,
    number: row.number,
    typeCode: row.type_code,
    typeName: type.name,
    title: row.title,
    subject: { type: row.subject_type, id: row.subject_id, name: row.subject_name },
    divisionCode: row.division_code,
    status: row.status,
    statusLabel: type.states[row.status]?.label ?? row.status,
    isOpen: row.is_open,
    version: row.version,
    flags: row.flags,
    owningDepartmentId: row.owning_department_id,
    leadDepartmentId: row.lead_department_id,
    assistingDepartmentIds: row.assisting_department_ids,
    assigneeId: row.assignee_id,
    dueDate: row.due_date,
    dueState: row.due_state,
    clocks: row.clocks as ClockState[],
    data: row.data,
    openedAt: row.opened_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    allowedActions,
    queryCode: row.query_code,
  };
}

const ENGINE_LABELS = {
  transfer: ['转办', 'case.transfer'],
  setAssisting: ['设置协办部门', 'case.transfer'],
  assign: ['指派承办人', 'case.act'],
  supervise: ['督办', 'case.supervise'],
} as const;

/** The Chinese label of an action in a case's history: the type's own, an engine action's, or 接件 for the opening. */
export function actionLabel(type: CaseType, code: string): string {
  if (code === 'open') return '接件';
  return (
    type.actions.find((a) => a.code === code)?.label ?? ENGINE_LABELS[code as keyof typeof ENGINE_LABELS]?.[0] ?? code
  );
}

/** What this actor may do to this case now: the answer a 409 carries and the console shows as buttons. */
export async function allowedActionsFor(
  db: Executor,
  actor: Actor,
  type: CaseType,
  row: Pick<
    CaseRow,
    'id' | 'is_open' | 'status' | 'division_code' | 'owning_department_id' | 'assisting_department_ids'
  >,
  divisionPath?: string,
  /** the actions this actor has taken on the case, when the caller knows them (a case being opened: `open`) */
  actorsActions?: Set<string>,
): Promise<CaseView['allowedActions']> {
  if (!row.is_open) return [];
  const path =
    divisionPath ??
    (await db.selectFrom('divisions').select('path').where('code', '=', row.division_code).executeTakeFirstOrThrow())
      .path;
  const record = { departmentIds: [row.owning_department_id, ...row.assisting_department_ids], divisionPath: path };
  const covers = (scope: Scope | undefined) => !!scope && scopeCovers(scope, record);
  const candidates = type.actions.filter(
    (a) => a.from.includes(row.status) && covers(scopeOf(actor, 'case.act', a.roles)),
  );
  const mine =
    actorsActions ??
    (candidates.some((a) => a.notBy.length)
      ? new Set(
          (
            await db
              .selectFrom('case_actions')
              .select('action')
              .distinct()
              .where('case_id', '=', row.id)
              .where('actor_id', '=', actor.id)
              .execute()
          ).map((r) => r.action),
        )
      : new Set<string>());
  const out: CaseView['allowedActions'] = candidates
    .filter((a) => !a.notBy.some((other) => mine.has(other)))
    .map((a) => ({ code: a.code, label: a.label }));
  for (const [code, [label, permission]] of Object.entries(ENGINE_LABELS)) {
    if (covers(scopeOf(actor, permission))) out.push({ code, label });
  }
  return out;
}

export async function getCaseWithHistory(
  db: Executor,
  actor: Actor,
  caseId: string,
  typeOf: (code: string) => CaseType,
) {
  const scope = requireScope(actor, 'case.read');
  const row = await findCaseInScope(db, caseId, scope);
  if (!row)
    throw new AppError(404, 'not_found', '办件不存在或不在您的辖区内', 'Case not found or outside your jurisdiction');
  const type = typeOf(row.type_code);
  const history = await readHistory(db, caseId);
  const documents = await db
    .selectFrom('documents')
    .select(['id', 'number', 'kind', 'title', 'issued_at', 'verification_code'])
    .where('case_id', '=', caseId)
    .orderBy('issued_at')
    .execute();
  return {
    case: toCaseView(row, type, await allowedActionsFor(db, actor, type, row)),
    history: history.map((h) => ({
      seq: h.seq,
      action: h.action,
      label: actionLabel(type, h.action),
      at: h.at.toISOString(),
      actor: h.actor_name,
      role: h.actor_role,
      department: h.department,
      inputs: h.inputs,
      opinion: h.opinion,
      attachments: h.attachments,
    })),
    clockExplanation: (row.clocks as ClockState[])
      .flatMap((c) => c.explanation.map((e) => ({ clock: c.code, ...e })))
      .sort((a, b) => a.on.localeCompare(b.on)),
    documents: documents.map((d) => ({ ...d, issued_at: d.issued_at.toISOString() })),
  };
}

// the work lists live in work-list.ts; re-exported for the callers that import them from here
export { type WorkList, type WorkListFilter, type WorkListPage, workList } from './work-list.ts';
