import { maskPhone, type OpenPackage, type PackageComplaintFiling } from '@grassroots/contracts';
import { type Actor, requirePermission, requireScope } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { CaseTypeRegistry } from '../../core/cases/case-type.ts';
import type { CaseService } from '../../core/cases/case.service.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import type { Db, Executor } from '../../core/db/database.ts';
import { formatNumber, nextSequenceValue } from '../../core/documents/numbering.ts';
import { AppError, badInput, conflict } from '../../core/errors.ts';
import { type Clock, shanghaiDateOf, yearOf } from '../../core/time.ts';
import { checkedMobile } from '../../core/values.ts';
import { departmentsInScope } from '../service-centre/index.ts';
import { checkQueryCodeForm, limitedLookup, type LookupLimits, queryCodeMatches } from '../portal/index.ts';

const notFound = () =>
  new AppError(
    404,
    'not_found',
    '代办项目不存在（请核对项目编号和查询码）',
    'No package with this number and query code',
    'number',
  );

/** Why a sub-case is not moving, in the words the enterprise and the agent see. */
function blockerOf(c: { status: string; flags: string[]; due_state: string; is_open: boolean }): string | null {
  if (!c.is_open) return null;
  if (c.status === 'received') return '待受理：代办员正在收集材料';
  if (c.status === 'awaitingMaterials' || c.flags.includes('materialsPending')) return '待补正材料（暂停计时）';
  if (c.flags.includes('pendingMaterials')) return '容缺材料待补交';
  if (c.status === 'uncountedStep') return '特别程序中（不计时）';
  if (c.due_state === 'overdue') return '已超过承诺时限';
  return null;
}

/**
 * 企业代办: one package per enterprise project, bundling applications for items of several
 * departments; each is a catalogue application with its own item version and clock, opened in one
 * command and assigned to the one agent. The package's progress and what blocks it are read from
 * the sub-cases, never stored twice.
 */
export class AgencyService {
  constructor(
    private readonly db: Db,
    private readonly cases: CaseService,
    private readonly types: CaseTypeRegistry,
    private readonly cipher: PiiCipher,
    private readonly clock: Clock,
    private readonly lookupLimits?: LookupLimits,
  ) {}

  async open(actor: Actor, input: OpenPackage, idempotencyKey?: string) {
    requirePermission(actor, 'centre.serve');
    if (new Set(input.itemCodes).size !== input.itemCodes.length)
      throw badInput('itemCodes', '事项重复', 'An item is listed twice');
    const agentId = input.agentId ?? actor.id;
    return this.cases.command(actor, idempotencyKey, async ({ tx, open, act }) => {
      const agent = await tx
        .selectFrom('users')
        .select(['id', 'department_id'])
        .where('id', '=', agentId)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!agent || agent.department_id !== actor.departmentId)
        throw badInput('agentId', '代办员应为本中心工作人员', 'The agent works in this centre');
      const items = await tx
        .selectFrom('service_items')
        .select(['code', 'name'])
        .where('current', '=', true)
        .where('code', 'in', input.itemCodes)
        .execute();
      const missing = input.itemCodes.filter((c) => !items.some((i) => i.code === c));
      if (missing.length)
        throw badInput(
          'itemCodes',
          `办事指南中没有这些事项：${missing.join('、')}`,
          `Not in the catalogue: ${missing.join(', ')}`,
        );
      const at = this.clock();
      const year = yearOf(shanghaiDateOf(at));
      const number = formatNumber('DB', year, await nextSequenceValue(tx, 'agency_package', year));
      const pkg = await tx
        .insertInto('agency_packages')
        .values({
          number,
          organisation_id: input.organisationId,
          project_name: input.projectName,
          department_id: actor.departmentId,
          agent_id: agentId,
          created_at: at,
        })
        .returning(['id', 'query_code'])
        .executeTakeFirstOrThrow();
      for (const [k, code] of input.itemCodes.entries()) {
        const item = items.find((i) => i.code === code)!;
        const opened = await open({
          typeCode: 'catalogue_application',
          title: `${input.projectName}：${item.name}`,
          subject: { type: 'organisation', id: input.organisationId },
          fields: { itemCode: code, agency: 'yes' },
        });
        await act(opened.case.id, 'assign', {
          expectedVersion: opened.case.version,
          fields: { assigneeId: agentId },
          attachments: [],
          opinion: `企业代办 ${number}`,
        });
        await tx
          .insertInto('agency_package_cases')
          .values({ package_id: pkg.id, case_id: opened.case.id, position: k + 1 })
          .execute();
      }
      await recordAudit(tx, {
        action: 'agency.package_opened',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'agency_package',
        targetId: pkg.id,
        details: { number, items: input.itemCodes },
      });
      return { id: pkg.id, number, queryCode: pkg.query_code };
    });
  }

  /** Packages of the centres in reach, newest first, with their progress. */
  async list(actor: Actor) {
    const scope = requireScope(actor, 'centre.serve');
    const rows = await this.db
      .selectFrom('agency_packages as p')
      .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
      .innerJoin('users as u', 'u.id', 'p.agent_id')
      .select([
        'p.id',
        'p.number',
        'p.query_code as queryCode',
        'p.project_name as projectName',
        'o.name as enterprise',
        'u.display_name as agent',
        'p.created_at as createdAt',
      ])
      .where('p.department_id', 'in', departmentsInScope(this.db, scope))
      .orderBy('p.created_at', 'desc')
      .limit(200)
      .execute();
    return Promise.all(rows.map(async (r) => ({ ...r, progress: (await this.subCases(this.db, r.id)).progress })));
  }

  async get(actor: Actor, id: string) {
    const scope = requireScope(actor, 'centre.serve');
    const p = await this.db
      .selectFrom('agency_packages')
      .select('id')
      .where('id', '=', id)
      .where('department_id', 'in', departmentsInScope(this.db, scope))
      .executeTakeFirst();
    if (!p)
      throw new AppError(
        404,
        'not_found',
        '代办项目不存在或不在您的辖区内',
        'Package not found or outside your jurisdiction',
      );
    const view = {
      ...(await this.view(id)),
      queryCode: (
        await this.db.selectFrom('agency_packages').select('query_code').where('id', '=', id).executeTakeFirstOrThrow()
      ).query_code,
    };
    const complaints = await this.db
      .selectFrom('agency_complaints')
      .select([
        'id',
        'text',
        'contact_name as contactName',
        'contact_phone_masked as contactPhone',
        'filed_at as filedAt',
        'answer',
        'answered_at as answeredAt',
      ])
      .where('package_id', '=', id)
      .orderBy('filed_at')
      .execute();
    return { ...view, complaints };
  }

  private async view(id: string) {
    const p = await this.db
      .selectFrom('agency_packages as p')
      .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
      .innerJoin('users as u', 'u.id', 'p.agent_id')
      .innerJoin('departments as d', 'd.id', 'p.department_id')
      .select([
        'p.id',
        'p.number',
        'p.project_name as projectName',
        'o.name as enterprise',
        'u.display_name as agent',
        'd.name as centre',
        'd.phone as centrePhone',
        'p.created_at as createdAt',
      ])
      .where('p.id', '=', id)
      .executeTakeFirstOrThrow();
    return { ...p, ...(await this.subCases(this.db, id)) };
  }

  private async subCases(db: Executor, packageId: string) {
    const rows = await db
      .selectFrom('agency_package_cases as pc')
      .innerJoin('cases as c', 'c.id', 'pc.case_id')
      .innerJoin('departments as d', 'd.id', 'c.owning_department_id')
      .select([
        'pc.position',
        'c.id',
        'c.number',
        'c.type_code',
        'c.title',
        'c.status',
        'c.flags',
        'c.due_date',
        'c.due_state',
        'c.is_open',
        'c.data',
        'd.name as department',
      ])
      .where('pc.package_id', '=', packageId)
      .orderBy('pc.position')
      .execute();
    const items = rows.map((r) => ({
      position: r.position,
      caseId: r.id,
      caseNumber: r.number,
      item: (r.data as { itemName?: string }).itemName ?? r.title,
      department: r.department,
      status: r.status,
      statusLabel: this.types.get(r.type_code)?.states[r.status]?.label ?? r.status,
      dueDate: r.due_date,
      dueState: r.due_state,
      done: !r.is_open,
      blocker: blockerOf(r),
    }));
    return {
      items,
      progress: { done: items.filter((i) => i.done).length, total: items.length },
      blockers: items.filter((i) => i.blocker).map((i) => `${i.item}：${i.blocker}`),
    };
  }

  /** The enterprise follows its package with the number and the query code it was given (a credit code is public). */
  async publicView(number: string, queryCode: string, ip: string | null) {
    const id = await this.locate(number, queryCode, ip);
    // what the enterprise sees: no internal ids, the agent by name without the post
    const { id: _id, agent, items, ...view } = await this.view(id);
    return { ...view, agent: agent.replace(/（.*）$/, ''), items: items.map(({ caseId: _c, ...i }) => i) };
  }

  async complain(
    number: string,
    queryCode: string,
    input: Pick<PackageComplaintFiling, 'text' | 'name' | 'phone'>,
    ip: string | null,
  ) {
    const id = await this.locate(number, queryCode, ip);
    const text = input.text.trim();
    if (text.length < 5)
      throw badInput(
        'text',
        '请写明投诉的事由（至少5个字）',
        'Say what the complaint is about (at least 5 characters)',
      );
    const phone = checkedMobile(input.phone);
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('agency_complaints')
        .values({
          package_id: id,
          text,
          contact_name: input.name?.trim() || null,
          contact_phone_enc: phone ? this.cipher.encrypt(phone) : null,
          contact_phone_masked: phone ? maskPhone(phone) : null,
          filed_at: this.clock(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const p = await tx
        .selectFrom('agency_packages')
        .select(['agent_id', 'number', 'department_id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const heads = await tx
        .selectFrom('users as u')
        .innerJoin('user_roles as r', 'r.user_id', 'u.id')
        .select('u.id')
        .where('u.department_id', '=', p.department_id)
        .where('r.role_code', '=', 'department_head')
        .execute();
      const told = [...new Set([p.agent_id, ...heads.map((h) => h.id)])];
      await tx
        .insertInto('notifications')
        .values(
          told.map((user_id) => ({
            user_id,
            kind: 'agency_complaint',
            case_id: null,
            message: `企业代办 ${p.number} 收到投诉，请答复`,
          })),
        )
        .execute();
      await recordAudit(tx, {
        action: 'agency.complaint_filed',
        actorId: null,
        actorName: 'enterprise',
        ip: null,
        targetType: 'agency_package',
        targetId: id,
        details: { complaint: row.id },
      });
      return { id: row.id };
    });
  }

  async answer(actor: Actor, complaintId: string, answer: string) {
    const scope = requireScope(actor, 'centre.serve');
    if (!answer.trim()) throw badInput('answer', '请填写答复', 'Give the answer');
    return this.db.transaction().execute(async (tx) => {
      const c = await tx
        .selectFrom('agency_complaints as c')
        .innerJoin('agency_packages as p', 'p.id', 'c.package_id')
        .select(['c.id', 'c.answered_at'])
        .where('c.id', '=', complaintId)
        .where('p.department_id', 'in', departmentsInScope(tx, scope))
        .forUpdate('c')
        .executeTakeFirst();
      if (!c)
        throw new AppError(
          404,
          'not_found',
          '投诉不存在或不在您的辖区内',
          'Complaint not found or outside your jurisdiction',
        );
      if (c.answered_at) throw conflict('already_answered', '该投诉已答复', 'The complaint is answered already');
      await tx
        .updateTable('agency_complaints')
        .set({ answer: answer.trim(), answered_by: actor.id, answered_at: this.clock() })
        .where('id', '=', c.id)
        .execute();
      await recordAudit(tx, {
        action: 'agency.complaint_answered',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'agency_complaint',
        targetId: c.id,
        details: {},
      });
      return { id: c.id };
    });
  }

  /** Number and query code, under the same failure limits as case tracking (per address and per package). */
  private async locate(number: string, queryCode: string, ip: string | null) {
    const code = checkQueryCodeForm('queryCode', queryCode);
    if (!code) throw badInput('queryCode', '请填写代办项目的查询码', "Give the package's query code");
    return limitedLookup(
      this.db,
      {
        ip,
        scope: 'package',
        target: number,
        at: this.clock(),
        ...(this.lookupLimits ? { limits: this.lookupLimits } : {}),
      },
      async () => {
        const p = await this.db
          .selectFrom('agency_packages')
          .select(['id', 'query_code'])
          .where('number', '=', number.trim().toUpperCase())
          .executeTakeFirst();
        return p && queryCodeMatches(p.query_code, code) ? p.id : undefined;
      },
      notFound,
    );
  }
}
