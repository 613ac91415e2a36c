import type { OpenCaseRequest } from '@grassroots/contracts';
import { type Actor, forbiddenFor, scopeOf } from '../auth/actor.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { Executor, Tx } from '../db/database.ts';
import { badInput } from '../errors.ts';
import { type Clock, shanghaiDateOf, yearOf } from '../time.ts';
import { requireType } from './case-checks.ts';
import { validateFields } from './case-fields.ts';
import type { SubjectType } from './case-subjects.ts';
import type { CaseTypeRegistry } from './case-type.ts';
import type { CaseCommandResult } from './case-pipeline.ts';
import { attachedFiles, derivedColumns, insertNumberedCase } from './case.repository.ts';
import { allowedActionsFor, toCaseView } from './case.queries.ts';
import { deriveCase, type LoggedAction } from './derive.ts';

const SUBJECT_NAMES = {
  person: { zh: '个人', en: 'a person' },
  household: { zh: '家庭', en: 'a household' },
  organisation: { zh: '单位', en: 'an organisation' },
  complaint: { zh: '诉求', en: 'a matter' },
} as const;

/**
 * A member of staff opens a case: the first entry of its log, numbered from its prefix's sequence, on a subject
 * inside her reach. (Openings the system makes on a schedule, many at once, go through `bulk-open.ts`.)
 */
export async function openCase(
  deps: { types: CaseTypeRegistry; clock: Clock },
  /** a transaction, or the database itself for an opening whose one write is its last statement (`needsTransaction`) */
  tx: Executor,
  actor: Actor,
  input: OpenCaseRequest,
  calendar: WorkingCalendar,
): Promise<CaseCommandResult> {
  const type = requireType(deps.types, input.typeCode);
  const scope = scopeOf(actor, 'case.open', type.openRoles);
  if (!scope) throw forbiddenFor('case.open', type.openRoles);
  if (type.openSubject && input.subject.type !== type.openSubject) {
    const named = SUBJECT_NAMES[type.openSubject];
    throw badInput(
      'subject.type',
      `${type.name}的对象应为${named.zh}`,
      `A ${type.nameEn.toLowerCase()} is opened on ${named.en}`,
    );
  }
  let fields = validateFields(type.openFields, input.fields);
  const subject = await findSubject(deps.types, tx, input.subject.type, input.subject.id, actor);
  const at = deps.clock();
  const { beforeOpen } = deps.types.hooksOf(type.code);
  if (beforeOpen && !tx.isTransaction)
    throw new Error(`opening a ${type.code} runs its type's hook: it needs a transaction`);
  const computed = await beforeOpen?.(tx as Tx, {
    fields,
    subjectType: input.subject.type,
    subjectId: subject.id,
    actor,
    today: shanghaiDateOf(at),
  });
  if (computed) fields = { ...fields, ...computed };
  const year = yearOf(shanghaiDateOf(at));
  const role = actor.grants.find((g) => type.openRoles.includes(g.role) && g.permissions.includes('case.open'))!.role;
  const opening: LoggedAction = {
    seq: 1,
    action: 'open',
    at,
    actorId: actor.id,
    actorDepartmentId: actor.departmentId,
    inputs: { departmentId: actor.departmentId, fields },
  };
  const derived = deriveCase(type, [opening], calendar, shanghaiDateOf(at));
  const attachments = await attachedFiles(tx, input.attachments ?? [], { userId: actor.id });
  // what the actor may do next, from the case as it will stand (no statement after the number but COMMIT)
  const columns = derivedColumns(derived);
  const allowed = await allowedActionsFor(
    tx,
    actor,
    type,
    { ...columns, id: '', division_code: subject.divisionCode },
    subject.divisionPath,
    new Set(['open']),
  );
  // the number is taken in the one statement that stores the case, its log's first entry and its audit entry
  const row = await insertNumberedCase(
    tx,
    { prefix: type.numberPrefix, year },
    {
      type_code: type.code,
      title: input.title,
      subject_type: input.subject.type,
      subject_id: subject.id,
      subject_name: subject.name,
      division_code: subject.divisionCode,
      opened_at: at,
      ...columns,
      data: derived.data,
      clocks: derived.clocks,
    },
    {
      seq: 1,
      action: 'open',
      at,
      actorId: actor.id,
      actorName: actor.displayName,
      actorRole: role,
      actorDepartmentId: actor.departmentId,
      inputs: opening.inputs,
      opinion: null,
      attachments,
    },
    {
      action: 'case.open',
      actorId: actor.id,
      actorName: actor.username,
      ip: actor.ip ?? null,
      details: { type: type.code },
    },
  );
  return { case: toCaseView(row, type, allowed), documents: [] };
}

/** The subject with its division's path, found by the module that owns its type, only inside the actor's reach. */
async function findSubject(types: CaseTypeRegistry, tx: Executor, type: SubjectType, id: string, actor: Actor) {
  const subject = await types.subjects.get(type)?.(tx, id, actor);
  if (!subject)
    throw badInput('subject.id', '办件对象不存在或不在您的辖区内', 'Subject not found or outside your jurisdiction');
  return subject;
}

/**
 * Whether an opening needs a transaction of its own: only for an idempotency key (claimed and
 * answered in it) or a type's `beforeOpen` hook (which may write). Otherwise its reads need none (each
 * sees what is committed, as in a READ COMMITTED transaction) and its one write, the case with its log's
 * first entry and audit entry, is one statement: atomic by itself, without the BEGIN and COMMIT round trips.
 */
export const needsTransaction = (types: CaseTypeRegistry, typeCode: string, idempotencyKey: string | undefined) =>
  idempotencyKey !== undefined || !!types.hooksOf(typeCode).beforeOpen;
