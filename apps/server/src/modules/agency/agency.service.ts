import type { NotificationService } from '../../core/notifications/notifications.service.ts';
import { maskPhone, type OpenPackage, type PackageComplaintFiling } from '@grassroots/contracts';
import { type Actor, requirePermission, requireScope } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { CaseTypeRegistry } from '../../core/cases/case-type.ts';
import type { CaseService } from '../../core/cases/case.service.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import type { Db } from '../../core/db/database.ts';
import { formatNumber, nextSequenceValue } from '../../core/documents/numbering.ts';
import { AppError, badInput, conflict } from '../../core/errors.ts';
import { type Clock, shanghaiDateOf, yearOf } from '../../core/time.ts';
import { checkedMobile } from '../../core/values.ts';
import { checkQueryCodeForm, limitedLookup, type LookupLimits, queryCodeMatches } from '../portal/index.ts';
import {
  findActiveAgent,
  findPackageByNumber,
  findPackageInScope,
  getPackageForNoticeById,
  getPackageHeaderById,
  getQueryCodeById,
  insertComplaint,
  insertPackage,
  insertPackageCase,
  listComplaintsById,
  listCurrentItems,
  listPackagesInScope,
  listSubCasesById,
  lockComplaintInScope,
  setComplaintAnswer,
} from './agency.repository.ts';

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
    private readonly notifications: NotificationService,
    private readonly lookupLimits?: LookupLimits,
  ) {}

  async open(actor: Actor, input: OpenPackage, idempotencyKey?: string) {
    requirePermission(actor, 'centre.serve');
    if (new Set(input.itemCodes).size !== input.itemCodes.length)
      throw badInput('itemCodes', '事项重复', 'An item is listed twice');
    const agentId = input.agentId ?? actor.id;
    return this.cases.command(actor, idempotencyKey, async ({ tx, open, act }) => {
      const agent = await findActiveAgent(tx, agentId);
      if (!agent || agent.department_id !== actor.departmentId)
        throw badInput('agentId', '代办员应为本中心工作人员', 'The agent works in this centre');
      const items = await listCurrentItems(tx, input.itemCodes);
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
      const pkg = await insertPackage(tx, {
        number,
        organisation_id: input.organisationId,
        project_name: input.projectName,
        department_id: actor.departmentId,
        agent_id: agentId,
        created_at: at,
      });
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
        await insertPackageCase(tx, pkg.id, opened.case.id, k + 1);
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
    const rows = await listPackagesInScope(this.db, scope);
    return Promise.all(rows.map(async (r) => ({ ...r, progress: (await this.subCases(r.id)).progress })));
  }

  async get(actor: Actor, id: string) {
    const scope = requireScope(actor, 'centre.serve');
    const p = await findPackageInScope(this.db, id, scope);
    if (!p)
      throw new AppError(
        404,
        'not_found',
        '代办项目不存在或不在您的辖区内',
        'Package not found or outside your jurisdiction',
      );
    const view = {
      ...(await this.view(id)),
      queryCode: (await getQueryCodeById(this.db, id)).query_code,
    };
    const complaints = await listComplaintsById(this.db, id);
    return { ...view, complaints };
  }

  /** …ById: the caller found the package in the actor's scope, or by its number and query code. */
  private async view(id: string) {
    const p = await getPackageHeaderById(this.db, id);
    return { ...p, ...(await this.subCases(id)) };
  }

  private async subCases(packageId: string) {
    const rows = await listSubCasesById(this.db, packageId);
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
      const row = await insertComplaint(tx, {
        package_id: id,
        text,
        contact_name: input.name?.trim() || null,
        contact_phone_enc: phone ? this.cipher.encrypt(phone) : null,
        contact_phone_masked: phone ? maskPhone(phone) : null,
        filed_at: this.clock(),
      });
      const p = await getPackageForNoticeById(tx, id);
      const told = [...new Set([p.agent_id, ...(await this.notifications.departmentHeads(tx, p.department_id))])];
      await this.notifications.notify(
        tx,
        told.map((userId) => ({
          userId,
          kind: 'agency_complaint',
          caseId: null,
          message: `企业代办 ${p.number} 收到投诉，请答复`,
        })),
      );
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
      const c = await lockComplaintInScope(tx, complaintId, scope);
      if (!c)
        throw new AppError(
          404,
          'not_found',
          '投诉不存在或不在您的辖区内',
          'Complaint not found or outside your jurisdiction',
        );
      if (c.answered_at) throw conflict('already_answered', '该投诉已答复', 'The complaint is answered already');
      await setComplaintAnswer(tx, c.id, { text: answer.trim(), by: actor.id, at: this.clock() });
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
        const p = await findPackageByNumber(this.db, number.trim().toUpperCase());
        return p && queryCodeMatches(p.query_code, code) ? p.id : undefined;
      },
      notFound,
    );
  }
}
