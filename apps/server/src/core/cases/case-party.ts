import { type Actor, forbiddenFor, scopeCovers, scopeOf } from '../auth/actor.ts';
import type { Tx } from '../db/database.ts';
import type { Uploader } from '../documents/file-access.ts';
import { AppError, badInput, conflict } from '../errors.ts';
import { ENGINE, type EngineCode, isEngineAction, type TypeActionSpec } from './case-checks.ts';
import type { CaseType } from './case-type.ts';
import { lockCaseInScope } from './case.repository.ts';
import { allowedActionsFor, type CaseView } from './case.queries.ts';
import type { LoggedAction } from './derive.ts';

/**
 * Who appends an action. Staff act through their grants, inside their jurisdiction. A resident acts
 * on her own matter (the caller has proved it is hers, by her phone) and a job acts for the system;
 * both may take only the type's actions that list their kind as a pseudo-role (`resident`, `system`),
 * never an engine action, and the log names them with no member of staff and no department.
 */
export type CaseParty =
  | { kind: 'staff'; actor: Actor }
  | { kind: 'resident'; name: string; phoneBidx?: Buffer }
  | { kind: 'system'; name: string };

type Locked = NonNullable<Awaited<ReturnType<typeof lockCaseInScope>>>;
export type LockedCase = Locked['row'];

const EVERYWHERE = { all: true, departmentIds: [], divisionPaths: [] };

/**
 * Locks the case row: for staff only inside their read scope, so a case out of reach is simply not
 * found. Brings the case's log when the locking statement could read it current (`lockCaseInScope`),
 * and a serial from each of `sequences`' for the case's type.
 */
export async function lockFor(
  tx: Tx,
  party: CaseParty,
  caseId: string,
  sequences?: Record<string, string[]>,
): Promise<Locked> {
  if (party.kind !== 'staff') {
    const locked = await lockCaseInScope(tx, caseId, EVERYWHERE, sequences);
    if (!locked) throw new AppError(404, 'not_found', '办件不存在', 'Case not found');
    return locked;
  }
  const readScope = scopeOf(party.actor, 'case.read');
  const locked = readScope && (await lockCaseInScope(tx, caseId, readScope, sequences));
  if (!locked)
    throw new AppError(404, 'not_found', '办件不存在或不在您的辖区内', 'Case not found or outside your jurisdiction');
  return locked;
}

/** The action as this party may take it now, with the role the log records; otherwise the refusal. */
export interface AllowedStep {
  spec?: TypeActionSpec;
  engine?: EngineCode;
  role: string;
}

/** 400 for an unknown action, 403 for a party that may never take it, 409 (with the allowed actions) for the wrong moment. */
export async function allowedStep(
  tx: Tx,
  party: CaseParty,
  type: CaseType,
  row: LockedCase,
  action: string,
): Promise<AllowedStep> {
  const engine = isEngineAction(action) ? action : undefined;
  const spec = type.actions.find((a) => a.code === action);
  if (!engine && !spec) throw badInput('action', `办件类型没有「${action}」操作`, `Case type has no action ${action}`);
  if (party.kind !== 'staff' && !spec?.roles.includes(party.kind))
    throw new AppError(
      403,
      'forbidden',
      party.kind === 'resident' ? '群众不能执行此操作' : '系统不能执行此操作',
      `${party.kind === 'resident' ? 'Residents' : 'The system'} may not take this action`,
    );
  if (!row.is_open)
    throw conflict('case_closed', '办件已办结，不能再操作', 'The case is closed', { allowedActions: [] });
  if (spec && !spec.from.includes(row.status)) {
    throw conflict(
      'action_not_allowed',
      `当前状态「${type.states[row.status]?.label}」下不能执行「${spec.label}」`,
      `Action ${action} is not allowed in status ${row.status}`,
      { caseStatus: row.status, allowedActions: await allowedActionsOf(tx, party, type, row) },
    );
  }
  if (party.kind !== 'staff') return { ...(spec && { spec }), role: party.kind };
  const permission = engine ? ENGINE[engine].permission : 'case.act';
  const roles = spec?.roles;
  const actScope = scopeOf(party.actor, permission, roles);
  // the row was found inside the read scope by the locking query; the role's own scope is checked on that row
  const record = {
    departmentIds: [row.owning_department_id, ...row.assisting_department_ids],
    divisionPath: row.division_path,
  };
  if (!actScope || !scopeCovers(actScope, record)) throw forbiddenFor(permission, roles);
  const role = party.actor.grants.find(
    (g) => g.permissions.includes(permission) && (!roles || roles.includes(g.role)),
  )!.role;
  return { ...(spec && { spec }), ...(engine && { engine }), role };
}

/** What this party may do to the case now: the answer a 409 carries and the view's buttons. */
export async function allowedActionsOf(
  tx: Tx,
  party: CaseParty,
  type: CaseType,
  row: LockedCase,
  /** the case's log when the caller has it (the staff member's own actions are read from it, not queried) */
  log?: readonly LoggedAction[],
): Promise<CaseView['allowedActions']> {
  if (party.kind === 'staff') {
    const id = party.actor.id;
    const mine = log && new Set(log.filter((a) => a.actorId === id).map((a) => a.action));
    return allowedActionsFor(tx, party.actor, type, row, row.division_path, mine);
  }
  if (!row.is_open) return [];
  return type.actions
    .filter((a) => a.roles.includes(party.kind) && a.from.includes(row.status))
    .map((a) => ({ code: a.code, label: a.label }));
}

/**
 * The actor a case type's hooks see. A resident or the system has no account: an empty id, no
 * grants, and the case's owning department (which also issues the documents their actions produce).
 */
export function hookActor(party: CaseParty, row: LockedCase): Actor {
  if (party.kind === 'staff') return party.actor;
  return {
    id: '',
    username: party.name,
    displayName: party.name,
    departmentId: row.owning_department_id,
    divisionCode: row.division_code,
    divisionPath: row.division_path,
    grants: [],
  };
}

/** The log's actor columns: only staff are users and belong to a department. */
export function loggedActor(party: CaseParty) {
  return party.kind === 'staff'
    ? { actorId: party.actor.id, actorName: party.actor.displayName, actorDepartmentId: party.actor.departmentId }
    : { actorId: null, actorName: party.name, actorDepartmentId: null };
}

/** The audit entry's actor; a resident is entered as `resident`, as the portal's other audit entries are. */
export function auditedActor(party: CaseParty) {
  if (party.kind === 'staff')
    return { actorId: party.actor.id, actorName: party.actor.username, ip: party.actor.ip ?? null };
  return { actorId: null, actorName: party.kind === 'resident' ? 'resident' : party.name, ip: null };
}

/** Whose uploads an action may attach: a job attaches none. */
export function uploaderOf(party: CaseParty): Uploader | null {
  if (party.kind === 'staff') return { userId: party.actor.id };
  if (party.kind === 'resident' && party.phoneBidx) return { residentPhoneBidx: party.phoneBidx };
  return null;
}
