import type { ActRequest } from '@grassroots/contracts';
import { auditInsert } from '../audit/audit.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { Tx } from '../db/database.ts';
import { documentSequence } from '../documents/numbering.ts';
import { conflict } from '../errors.ts';
import { type Clock, shanghaiDateOf } from '../time.ts';
import { checkEngineAction, checkSeparationOfDuties, checkTypeAction, requireType } from './case-checks.ts';
import type { CaseDocumentIssuer, IssuedDocument } from './case-document-issue.ts';
import {
  allowedActionsOf,
  allowedStep,
  auditedActor,
  type CaseParty,
  hookActor,
  type LockedCase,
  lockFor,
  loggedActor,
  uploaderOf,
} from './case-party.ts';
import type { CaseHookContext, CaseTypeRegistry } from './case-type.ts';
import { appendAndDerive, attachedFiles, readLog } from './case.repository.ts';
import { type CaseView, toCaseView } from './case.queries.ts';
import { type DerivedCase, deriveCase, type LoggedAction } from './derive.ts';
import { writeAsOne } from './write-as-one.ts';

export interface CaseCommandResult {
  case: CaseView;
  documents: IssuedDocument[];
}

/** An action's request; a party that cannot know the version (a resident, a job) leaves it out and acts on the case as it is. */
export type AppendInput = Omit<ActRequest, 'expectedVersion'> & { expectedVersion?: number | undefined };

export interface PipelineDeps {
  types: CaseTypeRegistry;
  issuer: CaseDocumentIssuer;
  clock: Clock;
}

/**
 * The one way an action (other than the opening) enters a case's log, whoever takes it: staff,
 * a resident, or a job. Inside the caller's transaction, in this order: lock the case (and read its
 * log, and take the serials of the receipts the action will issue); check the
 * version; is the action allowed for this party now (409 with the allowed actions if not); check
 * its inputs and let the type's `beforeAction` refuse it or add computed fields; append it; derive
 * status, clocks, due dates and assignee again from the whole log and store them; run the type's
 * `afterAction`; issue the action's documents (their rendering is enqueued as a job in the same
 * transaction); write the audit entry. The writes (log entry, derived columns, documents, their
 * jobs, the audit entry) go to the database as one statement at the end (`writeAsOne`); only a type
 * with an `afterAction` hook has the first two sent before it, so that the hook sees them.
 */
export async function appendAction(
  deps: PipelineDeps,
  tx: Tx,
  party: CaseParty,
  req: { caseId: string; action: string; input: AppendInput },
  calendar: WorkingCalendar,
): Promise<CaseCommandResult> {
  const { action, input } = req;
  const { row, log: logAtLock, serials } = await lockFor(tx, party, req.caseId, deps.issuer.sequencesFor(action));
  const type = requireType(deps.types, row.type_code);
  if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) {
    throw conflict(
      'version_conflict',
      `办件已被他人更新（当前版本 ${row.version}），请刷新后重试`,
      `The case changed (now version ${row.version}); reload and try again`,
      { currentVersion: row.version },
    );
  }
  const step = await allowedStep(tx, party, type, row, action);

  // read with the lock in one round trip, unless a concurrent action committed while we waited for it
  const log = logAtLock ?? (await readLog(tx, row.id));
  if (step.spec && party.kind === 'staff') checkSeparationOfDuties(step.spec, type, log, party.actor);
  const checked = step.spec
    ? checkTypeAction(step.spec, input, type, log)
    : await checkEngineAction(tx, step.engine!, input, row.owning_department_id);
  let inputs = checked.inputs;
  const opinion = checked.opinion;
  const at = deps.clock();
  const today = shanghaiDateOf(at);
  const actor = hookActor(party, row);
  const hooks = deps.types.hooksOf(type.code);
  const hookContext: CaseHookContext = {
    action,
    log,
    opinion,
    actor,
    at,
    today,
    fields: (inputs.fields as Record<string, unknown>) ?? {},
    caseRow: {
      id: row.id,
      number: row.number,
      title: row.title,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      subjectName: row.subject_name,
      divisionCode: row.division_code,
      divisionPath: row.division_path,
    },
  };
  // engine actions move a case between people; the type's hooks speak only for the type's own actions
  if (step.spec && hooks.beforeAction) {
    const computed = await hooks.beforeAction(tx, hookContext);
    if (computed) {
      hookContext.fields = { ...hookContext.fields, ...computed };
      inputs = { ...inputs, fields: hookContext.fields };
    }
  }

  const logged = loggedActor(party);
  const next: LoggedAction = {
    seq: row.version + 1,
    action,
    at,
    actorId: logged.actorId,
    actorDepartmentId: logged.actorDepartmentId,
    inputs,
  };
  const derived = deriveCase(type, [...log, next], calendar, today);
  const attachments = await attachedFiles(tx, input.attachments, uploaderOf(party));
  // the action's writes go in one statement at the end (`writeAsOne`), unless a hook must see them first
  const writes = appendAndDerive(
    tx,
    { caseId: row.id, seq: next.seq, action, at, ...logged, actorRole: step.role, inputs, opinion, attachments },
    derived,
  );
  if (step.spec && hooks.afterAction) {
    await writeAsOne(tx, writes.splice(0));
    await hooks.afterAction(tx, { ...hookContext, derived });
  }
  const after = withDerived(row, derived);
  const view = toCaseView(after, type, await allowedActionsOf(tx, party, type, after, [...log, next]));
  // documents last: a gap-free number's counter is locked from here until COMMIT
  const documents: IssuedDocument[] = [];
  const presequenced = serials.values();
  for (const kind of step.spec?.documents ?? []) {
    const serial = documentSequence(kind) ? presequenced.next().value : undefined;
    const issued = await deps.issuer.prepare(tx, {
      kind,
      row,
      type,
      derived,
      inputs,
      opinion,
      issuedOn: today,
      issuerDepartmentId: actor.departmentId,
      serial,
    });
    documents.push(issued.document);
    writes.push(...issued.writes);
  }
  writes.push(
    auditInsert(tx, {
      action: 'case.act',
      ...auditedActor(party),
      targetType: 'case',
      targetId: row.id,
      divisionCode: row.division_code,
      details: {
        number: row.number,
        action,
        version: next.seq,
        status: derived.status,
        documents: documents.map((d) => d.number),
      },
    }),
  );
  await writeAsOne(tx, writes);
  return { case: view, documents };
}

/** The case row as it stands after the action: the derived columns just written, without reading them back. */
function withDerived(row: LockedCase, d: DerivedCase): LockedCase {
  return {
    ...row,
    status: d.status,
    is_open: d.isOpen,
    flags: d.flags,
    owning_department_id: d.owningDepartmentId,
    lead_department_id: d.leadDepartmentId,
    assisting_department_ids: d.assistingDepartmentIds,
    assignee_id: d.assigneeId,
    data: d.data,
    clocks: d.clocks,
    due_date: d.dueDate,
    due_soon_date: d.dueSoonDate,
    due_state: d.dueState,
    version: d.version,
    closed_at: d.closedAt,
  };
}
