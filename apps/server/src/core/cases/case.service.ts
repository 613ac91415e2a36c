import { sql } from 'kysely';
import type { ActRequest, OpenCaseRequest } from '@grassroots/contracts';
import type PgBoss from 'pg-boss';
import { type Actor, forbiddenFor, scopeCovers, scopeOf } from '../auth/actor.ts';
import { recordAudit } from '../audit/audit.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { Db, Tx } from '../db/database.ts';
import type { DocumentService } from '../documents/documents.service.ts';
import { formatNumber, nextSequenceValue } from '../documents/numbering.ts';
import { AppError, badInput, conflict } from '../errors.ts';
import { type Clock, shanghaiDateOf, yearOf } from '../time.ts';
import { CASE_DOCUMENT_TEMPLATES } from './case-documents.ts';
import { validateFields } from './case-fields.ts';
import type { CaseType, CaseTypeRegistry } from './case-type.ts';
import {
  attachedFiles,
  claimIdempotencyKey,
  derivedColumns,
  insertAction,
  lockCaseInScope,
  readLog,
  saveResponse,
  storedResponse,
  writeDerived,
} from './case.repository.ts';
import { type CaseView, allowedActionsFor, toCaseView } from './case.queries.ts';
import { type DerivedCase, deriveCase, type LoggedAction } from './derive.ts';

export interface CaseCommandResult {
  case: CaseView;
  documents: Array<{ id: string; number: string; kind: string; title: string; verificationCode: string }>;
}

/** What a multi-step command may do inside its one transaction. */
export interface CaseSteps {
  tx: Tx;
  open(input: OpenCaseRequest): Promise<CaseCommandResult>;
  act(caseId: string, action: string, input: ActRequest): Promise<CaseCommandResult>;
}

const SUBJECT_NAMES = {
  person: { zh: '个人', en: 'a person' },
  household: { zh: '家庭', en: 'a household' },
  organisation: { zh: '单位', en: 'an organisation' },
  complaint: { zh: '诉求', en: 'a matter' },
} as const;

type CaseRow = NonNullable<Awaited<ReturnType<typeof lockCaseInScope>>>;

interface EngineActionSpec {
  permission: 'case.act' | 'case.transfer' | 'case.supervise';
}
const ENGINE: Record<'transfer' | 'assign' | 'setAssisting' | 'supervise', EngineActionSpec> = {
  transfer: { permission: 'case.transfer' },
  assign: { permission: 'case.act' },
  setAssisting: { permission: 'case.transfer' },
  supervise: { permission: 'case.supervise' },
};

/**
 * Commands on cases. Each runs in one transaction: lock the case row, check jurisdiction, version
 * and the allowed actions, append to the log, re-derive the stored columns, write the audit entry,
 * issue documents and enqueue their rendering. All or nothing.
 */
export class CaseService {
  constructor(
    private readonly db: Db,
    private readonly types: CaseTypeRegistry,
    private readonly calendar: CalendarService,
    private readonly documents: DocumentService,
    private readonly clock: Clock,
    private readonly boss?: PgBoss,
  ) {}

  type(code: string): CaseType {
    const t = this.types.get(code);
    if (!t) throw badInput('typeCode', `办件类型 ${code} 不存在`, `Unknown case type ${code}`);
    return t;
  }

  async open(actor: Actor, input: OpenCaseRequest, idempotencyKey?: string): Promise<CaseCommandResult> {
    // read before the transaction: on the embedded database a second connection would wait forever
    const calendar = await this.calendar.get();
    return this.idempotent(actor, idempotencyKey, (tx) => this.openIn(tx, actor, input, calendar));
  }

  /**
   * Several engine steps as one command: one transaction and one idempotency key for all of them
   * (a window intake opens a case and accepts or refuses it; either both are stored or neither).
   */
  async command<T>(
    actor: Actor,
    idempotencyKey: string | undefined,
    run: (steps: CaseSteps) => Promise<T>,
  ): Promise<T> {
    const calendar = await this.calendar.get();
    return this.idempotent(actor, idempotencyKey, (tx) =>
      run({
        tx,
        open: (input) => this.openIn(tx, actor, input, calendar),
        act: (caseId, action, input) => this.actIn(tx, actor, caseId, action, input, calendar),
      }),
    );
  }

  private async openIn(
    tx: Tx,
    actor: Actor,
    input: OpenCaseRequest,
    calendar: WorkingCalendar,
  ): Promise<CaseCommandResult> {
    const type = this.type(input.typeCode);
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
    const subject = await this.findSubject(tx, input.subject.type, input.subject.id, actor);
    const at = this.clock();
    const computed = await this.types
      .hooksOf(type.code)
      .beforeOpen?.(tx, {
        fields,
        subjectType: input.subject.type,
        subjectId: subject.id,
        actor,
        today: shanghaiDateOf(at),
      });
    if (computed) fields = { ...fields, ...computed };
    const year = yearOf(shanghaiDateOf(at));
    const number = formatNumber(type.numberPrefix, year, await nextSequenceValue(tx, `case:${type.code}`, year));
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
    const row = await tx
      .insertInto('cases')
      .values({
        type_code: type.code,
        number,
        title: input.title,
        subject_type: input.subject.type,
        subject_id: subject.id,
        subject_name: subject.name,
        division_code: subject.divisionCode,
        opened_at: at,
        ...derivedColumns(derived),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertAction(tx, {
      caseId: row.id,
      seq: 1,
      action: 'open',
      at,
      actorId: actor.id,
      actorName: actor.displayName,
      actorRole: role,
      actorDepartmentId: actor.departmentId,
      inputs: opening.inputs,
      opinion: null,
      attachments: await attachedFiles(tx, input.attachments ?? [], { userId: actor.id }),
    });
    const view = toCaseView(row, type, await allowedActionsFor(tx, actor, type, row, subject.divisionPath));
    await recordAudit(tx, {
      action: 'case.open',
      actorId: actor.id,
      actorName: actor.username,
      ip: actor.ip ?? null,
      targetType: 'case',
      targetId: row.id,
      divisionCode: subject.divisionCode,
      details: { number, type: type.code },
    });
    return { case: view, documents: [] };
  }

  /** An action of the case type (accept, review …) or an engine action (transfer, assign, setAssisting, supervise). */
  async act(
    actor: Actor,
    caseId: string,
    action: string,
    input: ActRequest,
    idempotencyKey?: string,
  ): Promise<CaseCommandResult> {
    await this.refuseIfDedicated(caseId, action);
    const calendar = await this.calendar.get();
    return this.idempotent(actor, idempotencyKey, (tx) => this.actIn(tx, actor, caseId, action, input, calendar));
  }

  /**
   * An action a resident takes on her own matter (answering the callback): allowed only where the
   * action lists the pseudo-role `resident`; the caller has already proved the matter is hers. The
   * log names her, with no member of staff and no department.
   */
  async actForResident(
    caseId: string,
    action: string,
    fields: Record<string, unknown>,
    opinion: string | null,
    residentName: string,
  ) {
    const calendar = await this.calendar.get();
    return this.db.transaction().execute(async (tx) => {
      const row = await lockCaseInScope(tx, caseId, { all: true, departmentIds: [], divisionPaths: [] });
      if (!row) throw new AppError(404, 'not_found', '办件不存在', 'Case not found');
      const type = this.type(row.type_code);
      const spec = type.actions.find((a) => a.code === action);
      if (!spec || !spec.roles.includes('resident'))
        throw new AppError(403, 'forbidden', '群众不能执行此操作', 'Residents may not take this action');
      if (!row.is_open || !spec.from.includes(row.status))
        throw conflict(
          'action_not_allowed',
          `当前状态「${type.states[row.status]?.label}」下不能执行「${spec.label}」`,
          `Action ${action} is not allowed in status ${row.status}`,
        );
      const log = await readLog(tx, caseId);
      const checked = this.checkTypeAction(
        spec,
        { expectedVersion: row.version, fields, attachments: [], ...(opinion ? { opinion } : {}) },
        type,
        log,
      );
      const at = this.clock();
      const resident: Actor = {
        id: '',
        username: residentName,
        displayName: residentName,
        departmentId: row.owning_department_id,
        divisionCode: row.division_code,
        divisionPath: row.division_path,
        grants: [],
      };
      const hooks = this.types.hooksOf(type.code);
      await hooks.beforeAction?.(tx, {
        action,
        log,
        opinion: checked.opinion,
        actor: resident,
        at,
        today: shanghaiDateOf(at),
        fields: checked.inputs.fields,
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
      });
      const next: LoggedAction = {
        seq: row.version + 1,
        action,
        at,
        actorId: null,
        actorDepartmentId: null,
        inputs: checked.inputs,
      };
      const derived = deriveCase(type, [...log, next], calendar, shanghaiDateOf(at));
      await insertAction(tx, {
        caseId,
        seq: next.seq,
        action,
        at,
        actorId: null,
        actorName: residentName,
        actorRole: 'resident',
        actorDepartmentId: null,
        inputs: checked.inputs,
        opinion: checked.opinion,
        attachments: [],
      });
      await writeDerived(tx, caseId, derived);
      await recordAudit(tx, {
        action: 'case.act',
        actorId: null,
        actorName: 'resident',
        ip: null,
        targetType: 'case',
        targetId: caseId,
        divisionCode: row.division_code,
        details: { number: row.number, action, version: next.seq, status: derived.status },
      });
      return { number: row.number, status: derived.status, version: derived.version };
    });
  }

  /** An action whose steps belong together (`via`) is refused on the generic route: it would leave half the work undone. */
  private async refuseIfDedicated(caseId: string, action: string) {
    const row = await this.db.selectFrom('cases').select('type_code').where('id', '=', caseId).executeTakeFirst();
    const via = row && this.types.get(row.type_code)?.actions.find((a) => a.code === action)?.via;
    if (via)
      throw badInput(
        'action',
        `请通过 ${via.replace(':id', caseId)} 办理「${action}」`,
        `Take ${action} through ${via.replace(':id', caseId)}`,
        'use_dedicated_route',
      );
  }

  private async actIn(
    tx: Tx,
    actor: Actor,
    caseId: string,
    action: string,
    input: ActRequest,
    calendar: WorkingCalendar,
  ): Promise<CaseCommandResult> {
    const readScope = scopeOf(actor, 'case.read');
    const row = readScope && (await lockCaseInScope(tx, caseId, readScope));
    if (!row) {
      throw new AppError(404, 'not_found', '办件不存在或不在您的辖区内', 'Case not found or outside your jurisdiction');
    }
    const type = this.type(row.type_code);
    if (input.expectedVersion !== row.version) {
      throw conflict(
        'version_conflict',
        `办件已被他人更新（当前版本 ${row.version}），请刷新后重试`,
        `The case changed (now version ${row.version}); reload and try again`,
        { currentVersion: row.version },
      );
    }
    const engine = ENGINE[action as keyof typeof ENGINE];
    const spec = type.actions.find((a) => a.code === action);
    if (!engine && !spec)
      throw badInput('action', `办件类型没有「${action}」操作`, `Case type has no action ${action}`);
    if (!row.is_open)
      throw conflict('case_closed', '办件已办结，不能再操作', 'The case is closed', { allowedActions: [] });
    if (spec && !spec.from.includes(row.status)) {
      throw conflict(
        'action_not_allowed',
        `当前状态「${type.states[row.status]?.label}」下不能执行「${spec.label}」`,
        `Action ${action} is not allowed in status ${row.status}`,
        {
          caseStatus: row.status,
          allowedActions: await allowedActionsFor(tx, actor, type, row, row.division_path),
        },
      );
    }
    const permission = engine?.permission ?? 'case.act';
    const roles = spec?.roles;
    const actScope = scopeOf(actor, permission, roles);
    // the row was found inside the read scope by the locking query; the role's own scope is checked on that row
    const record = {
      departmentIds: [row.owning_department_id, ...row.assisting_department_ids],
      divisionPath: row.division_path,
    };
    if (!actScope || !scopeCovers(actScope, record)) throw forbiddenFor(permission, roles);
    const role = actor.grants.find(
      (g) => g.permissions.includes(permission) && (!roles || roles.includes(g.role)),
    )!.role;

    const log = await readLog(tx, caseId);
    if (spec) checkSeparationOfDuties(spec, type, log, actor);
    const checked = spec
      ? this.checkTypeAction(spec, input, type, log)
      : await this.checkEngineAction(tx, action, input, row);
    let inputs: Record<string, unknown> = checked.inputs;
    const opinion = checked.opinion;
    const at = this.clock();
    const hooks = this.types.hooksOf(type.code);
    const hookContext = {
      action,
      log,
      opinion,
      actor,
      at,
      today: shanghaiDateOf(at),
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
    if (spec && hooks.beforeAction) {
      const computed = await hooks.beforeAction(tx, hookContext);
      if (computed) {
        hookContext.fields = { ...hookContext.fields, ...computed };
        inputs = { ...inputs, fields: hookContext.fields };
      }
    }
    const next: LoggedAction = {
      seq: row.version + 1,
      action,
      at,
      actorId: actor.id,
      actorDepartmentId: actor.departmentId,
      inputs,
    };
    const derived = deriveCase(type, [...log, next], calendar, shanghaiDateOf(at));
    const attachments = await attachedFiles(tx, input.attachments, { userId: actor.id });
    await insertAction(tx, {
      caseId,
      seq: next.seq,
      action,
      at,
      actorId: actor.id,
      actorName: actor.displayName,
      actorRole: role,
      actorDepartmentId: actor.departmentId,
      inputs,
      opinion,
      attachments,
    });
    await writeDerived(tx, caseId, derived);
    if (spec && hooks.afterAction) await hooks.afterAction(tx, { ...hookContext, derived });
    const documents = [];
    for (const kind of spec?.documents ?? [])
      documents.push(
        await this.issueDocument(tx, kind, row, type, derived, inputs, opinion, shanghaiDateOf(at), actor.departmentId),
      );
    const view = toCaseView(
      withDerived(row, derived),
      type,
      await allowedActionsFor(tx, actor, type, withDerived(row, derived), row.division_path),
    );
    // last: the audit chain's lock is held until commit
    await recordAudit(tx, {
      action: 'case.act',
      actorId: actor.id,
      actorName: actor.username,
      ip: actor.ip ?? null,
      targetType: 'case',
      targetId: caseId,
      divisionCode: row.division_code,
      details: {
        number: row.number,
        action,
        version: next.seq,
        status: derived.status,
        documents: documents.map((d) => d.number),
      },
    });
    return { case: view, documents };
  }

  private checkTypeAction(spec: CaseType['actions'][number], input: ActRequest, type: CaseType, log: LoggedAction[]) {
    const fields = validateFields(spec.fields, input.fields);
    const opinion = input.opinion?.trim() || null;
    if (spec.opinion === 'required' && !opinion)
      throw badInput('opinion', `「${spec.label}」需要填写意见`, `${spec.code} needs an opinion`);
    if (spec.opinion === 'none' && opinion)
      throw badInput('opinion', `「${spec.label}」不接受意见`, `${spec.code} takes no opinion`);
    if (spec.attachments === 'required' && input.attachments.length === 0)
      throw badInput('attachments', `「${spec.label}」需要上传附件`, `${spec.code} needs an attachment`);
    for (const [clockCode, effect] of Object.entries(spec.clocks)) {
      if (effect !== 'extend') continue;
      const clock = type.clocks.find((c) => c.code === clockCode)!;
      const already = log
        .filter((a) => type.actions.find((x) => x.code === a.action)?.clocks[clockCode] === 'extend')
        .reduce((sum, a) => sum + Number((a.inputs.fields as Record<string, unknown>)?.days ?? 0), 0);
      if (already + (fields.days as number) > clock.maxExtensionDays) {
        throw new AppError(
          409,
          'extension_exceeds_maximum',
          `${clock.label}最多可延长 ${clock.maxExtensionDays} 天，已延长 ${already} 天`,
          `${clock.code} may be extended by at most ${clock.maxExtensionDays} days; ${already} already used`,
          'fields.days',
          { maxExtensionDays: clock.maxExtensionDays, used: already },
        );
      }
    }
    return { inputs: { fields }, opinion };
  }

  private async checkEngineAction(tx: Tx, action: string, input: ActRequest, row: CaseRow) {
    const f = input.fields;
    const opinion = input.opinion?.trim() || null;
    const department = async (id: unknown, field: string) => {
      if (
        typeof id !== 'string' ||
        !/^[0-9a-f-]{36}$/.test(id) ||
        !(await tx
          .selectFrom('departments')
          .select('id')
          .where('id', '=', id)
          .where('active', '=', true)
          .executeTakeFirst())
      ) {
        throw badInput(field, '部门不存在', 'Department not found');
      }
      return id;
    };
    switch (action) {
      case 'transfer': {
        if (!opinion) throw badInput('opinion', '转办需要说明理由', 'A transfer needs a reason');
        const to = await department(f.toDepartmentId, 'fields.toDepartmentId');
        if (to === row.owning_department_id)
          throw badInput('fields.toDepartmentId', '不能转给本部门', 'Cannot transfer to the owning department');
        return { inputs: { toDepartmentId: to, assigneeId: null }, opinion };
      }
      case 'assign': {
        const user = await tx
          .selectFrom('users')
          .select(['id', 'department_id'])
          .where('id', '=', String(f.assigneeId ?? ''))
          .executeTakeFirst()
          .catch(() => undefined);
        if (!user || user.department_id !== row.owning_department_id)
          throw badInput(
            'fields.assigneeId',
            '只能指派给承办部门的人员',
            'Assignee must work in the owning department',
          );
        return { inputs: { assigneeId: user.id }, opinion };
      }
      case 'setAssisting': {
        const ids = Array.isArray(f.departmentIds) ? f.departmentIds : [];
        for (const [i, id] of ids.entries()) await department(id, `fields.departmentIds.${i}`);
        return { inputs: { departmentIds: [...new Set(ids as string[])] }, opinion };
      }
      default:
        if (!opinion) throw badInput('opinion', '督办需要填写督办意见', 'Supervision needs an opinion');
        return { inputs: {}, opinion };
    }
  }

  /** The issuer is the department of whoever took the action (a township posts the notice of a case its community opened). */
  private async issueDocument(
    tx: Tx,
    kind: string,
    row: CaseRow,
    type: CaseType,
    derived: DerivedCase,
    inputs: Record<string, unknown>,
    opinion: string | null,
    issuedOn: string,
    issuerDepartmentId: string,
  ) {
    const template = CASE_DOCUMENT_TEMPLATES[kind] ?? this.types.hooksOf(type.code).documents?.[kind];
    if (!template) throw new Error(`no document template ${kind}`);
    const dept = await this.department(tx, issuerDepartmentId);
    return this.documents.issue(tx, {
      kind,
      prefix: template.prefix,
      caseId: row.id,
      issuerDepartmentId,
      issuedOn,
      build: (number) =>
        template.build(
          {
            type,
            caseNumber: row.number,
            title: row.title,
            subjectName: row.subject_name,
            department: dept,
            derived,
            fields: (inputs.fields as Record<string, unknown>) ?? {},
            opinion,
            issuedOn,
            queryCode: row.query_code,
          },
          number,
        ),
    });
  }

  /** Department names and phones change rarely: kept a minute, to spare a query per document. */
  private readonly departments = new Map<string, { name: string; phone: string | null; at: number }>();
  private async department(tx: Tx, id: string) {
    const cached = this.departments.get(id);
    if (cached && Date.now() - cached.at < 60_000) return cached;
    const row = await tx
      .selectFrom('departments')
      .select(['name', 'phone'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const entry = { ...row, at: Date.now() };
    this.departments.set(id, entry);
    return entry;
  }

  /** The subject with its division's path, found only inside the actor's reach (departments own no persons: their division subtree counts). */
  private async findSubject(
    tx: Tx,
    type: 'person' | 'household' | 'organisation' | 'complaint',
    id: string,
    actor: Actor,
  ) {
    const everywhere = actor.grants.some((g) => g.scope === 'all');
    const row =
      type === 'complaint'
        ? // a matter received (诉求): its complainant may be anonymous or not in the registry; the place decides the reach
          await tx
            .selectFrom('complaints as s')
            .innerJoin('divisions as d', 'd.code', 's.division_code')
            .select(['s.id', 's.division_code', sql<string>`coalesce(s.complainant_name, '匿名')`.as('name'), 'd.path'])
            .where('s.id', '=', id)
            .$if(!everywhere, (q) => q.where('d.path', 'like', `${actor.divisionPath}%`))
            .executeTakeFirst()
        : await tx
            .selectFrom(
              `${type === 'person' ? 'persons' : type === 'household' ? 'households' : 'organisations'} as s` as 'persons as s',
            )
            .innerJoin('divisions as d', 'd.code', 's.division_code')
            .select([
              's.id',
              's.division_code',
              type === 'household' ? ('s.number as name' as 's.name') : 's.name',
              'd.path',
            ])
            .where('s.id', '=', id)
            .$if(!everywhere, (q) => q.where('d.path', 'like', `${actor.divisionPath}%`))
            .executeTakeFirst();
    if (!row)
      throw badInput('subject.id', '办件对象不存在或不在您的辖区内', 'Subject not found or outside your jurisdiction');
    return { id: row.id, name: row.name, divisionCode: row.division_code, divisionPath: row.path };
  }

  /** Runs a command once per (actor, key): a retry gets the first result, even while the first is still running. */
  private async idempotent<T>(actor: Actor, key: string | undefined, run: (tx: Tx) => Promise<T>): Promise<T> {
    if (key !== undefined && (key.length < 8 || key.length > 128))
      throw badInput('Idempotency-Key', '幂等键应为8-128个字符', 'Idempotency-Key must be 8-128 characters');
    return this.db.transaction().execute(async (tx) => {
      if (key && !(await claimIdempotencyKey(tx, actor.id, key))) {
        const first = await storedResponse(tx, actor.id, key);
        if (first) return first as T;
      }
      const result = await run(tx);
      if (key) await saveResponse(tx, actor.id, key, result);
      return result;
    });
  }
}

/** 不相容岗位分离: whoever took one of the actions named in `notBy` may not take this one. */
function checkSeparationOfDuties(spec: CaseType['actions'][number], type: CaseType, log: LoggedAction[], actor: Actor) {
  const own = log.find((a) => a.actorId === actor.id && spec.notBy.includes(a.action));
  if (!own) return;
  const label = type.actions.find((a) => a.code === own.action)?.label ?? own.action;
  throw new AppError(
    403,
    'separation_of_duties',
    `您已在本办件中执行「${label}」，不能再执行「${spec.label}」`,
    `You took ${own.action} on this case and may not also take ${spec.code}`,
    undefined,
    { action: spec.code, conflictsWith: own.action },
  );
}

/** The case row as it stands after the action: the derived columns just written, without reading them back. */
function withDerived<R extends CaseRow>(row: R, d: DerivedCase): R {
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
