import {
  type ActRequest,
  type IntakeInput,
  type IntakeOutcome,
  IntakeRequest,
  type IntakeResult,
} from '@grassroots/contracts';
import { type Actor, requirePermission } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { CalendarService } from '../../core/calendar/calendar.service.ts';
import type { CaseCommandResult, CaseService } from '../../core/cases/case.service.ts';
import type { Db } from '../../core/db/database.ts';
import type { DocumentService } from '../../core/documents/documents.service.ts';
import { badInput } from '../../core/errors.ts';
import { type Clock, shanghaiDateOf } from '../../core/time.ts';
import type { CatalogueService } from '../catalogue/index.ts';
import type { RegistryService } from '../registry/index.ts';
import { getDepartmentByCode, getDepartmentIdByCode, getDepartmentName } from './centre.repository.ts';
import { requireDepartment } from './centre.access.ts';
import { findTicketDepartment } from './queue.repository.ts';
import type { QueueService } from './queue.service.ts';

const step = (expectedVersion: number, fields: Record<string, unknown> = {}, opinion?: string): ActRequest => ({
  expectedVersion,
  fields,
  attachments: [],
  ...(opinion ? { opinion } : {}),
});

/**
 * 一窗受理: the clerk identifies the applicant, ticks the item's materials, and the guide decides —
 * everything required is there: accept with a receipt and the promised date (or serve at once); only
 * 容缺 materials missing: accept with a deadline to bring them; anything else missing: refuse with a
 * one-time notice listing all that is missing. Opening, the decision, the transfer of an agency
 * item and the queue number are one transaction.
 */
export class IntakeService {
  constructor(
    private readonly db: Db,
    private readonly cases: CaseService,
    private readonly documents: DocumentService,
    private readonly registry: RegistryService,
    private readonly catalogue: CatalogueService,
    private readonly calendar: CalendarService,
    private readonly queue: QueueService,
    private readonly clock: Clock,
  ) {}

  /** What the guide asks for and what is missing, before anything is stored (the window's checklist). */
  async check(itemCode: string, provided: string[]) {
    const item = await this.catalogue.get(itemCode);
    const names = new Set(item.materials.map((m) => m.name));
    const unknown = provided.filter((p) => !names.has(p));
    if (unknown.length)
      throw badInput(
        'provided',
        `办事指南中没有这些材料：${unknown.join('、')}`,
        `Not materials of this item: ${unknown.join(', ')}`,
      );
    const missing = item.materials.filter((m) => m.required && !provided.includes(m.name));
    return {
      item,
      missingNow: missing.filter((m) => !m.mayComeLater).map((m) => m.name),
      missingLater: missing.filter((m) => m.mayComeLater).map((m) => m.name),
    };
  }

  /** The route gives the parsed request; a caller inside the server may leave the defaults out. */
  async intake(actor: Actor, request: IntakeInput, idempotencyKey?: string): Promise<IntakeResult> {
    requirePermission(actor, 'centre.serve');
    const input = IntakeRequest.parse(request);
    const { item, missingNow, missingLater } = await this.check(input.itemCode, input.provided);
    const person = await this.registry.get(actor, input.personId);
    const ticket = input.ticketId ? await findTicketDepartment(this.db, input.ticketId) : undefined;
    if (input.ticketId && !ticket) throw badInput('ticketId', '号码不存在', 'Ticket not found');
    if (ticket) await requireDepartment(this.db, actor, 'centre.serve', ticket.department_id);
    if (input.disposition === 'refer') return this.refer(actor, item, person.name, input, idempotencyKey);
    const calendar = await this.calendar.get();
    const today = shanghaiDateOf(this.clock());
    return this.cases.command(actor, idempotencyKey, async ({ tx, open, act }) => {
      const opened = await open({
        typeCode: 'catalogue_application',
        title: item.name,
        subject: { type: 'person', id: input.personId },
        fields: {
          itemCode: item.code,
          ...(input.provided.length ? { materialsProvided: input.provided } : {}),
          ...(input.disposition === 'agency' ? { agency: 'yes' } : {}),
        },
      });
      const caseId = opened.case.id;
      let outcome: IntakeOutcome;
      let result: CaseCommandResult;
      if (missingNow.length) {
        outcome = 'refused';
        result = await act(
          caseId,
          'refuse',
          step(1, { missingMaterials: [...missingNow, ...missingLater] }, input.note || '申请材料不齐全'),
        );
      } else if (item.handlingMode === 'onTheSpot') {
        outcome = 'servedOnTheSpot';
        result = await act(caseId, 'serveOnTheSpot', step(1, {}, input.note));
      } else if (missingLater.length) {
        outcome = 'acceptedWithPending';
        result = await act(
          caseId,
          'acceptWithPending',
          step(
            1,
            { pendingMaterials: missingLater, pendingDueDate: calendar.addDays(today, input.pendingDays) },
            input.note,
          ),
        );
      } else {
        outcome = 'accepted';
        result = await act(caseId, 'accept', step(1, {}, input.note));
      }
      const documents = [...result.documents];
      if (input.disposition === 'agency' && outcome !== 'refused' && outcome !== 'servedOnTheSpot') {
        // 代办: the centre accepted for the applicant; the responsible department does the work
        const owner = await getDepartmentIdByCode(tx, item.departmentCode);
        if (owner.id !== actor.departmentId)
          result = await act(
            caseId,
            'transfer',
            step(result.case.version, { toDepartmentId: owner.id }, '代办：窗口受理后转承办部门办理'),
          );
      }
      if (ticket) await this.queue.finishIn(tx, ticket.id, caseId);
      return {
        ...result,
        documents,
        outcome,
        missing: outcome === 'refused' ? [...missingNow, ...missingLater] : missingLater,
      };
    });
  }

  /** 转介: an item this centre does not handle; the note names the office, its address, phone and hours, and what to bring. */
  private async refer(
    actor: Actor,
    item: Awaited<ReturnType<CatalogueService['get']>>,
    applicantName: string,
    input: IntakeRequest,
    idempotencyKey?: string,
  ) {
    return this.cases.command(actor, idempotencyKey, async ({ tx }) => {
      const office = await getDepartmentByCode(tx, item.departmentCode);
      const issuer = await getDepartmentName(tx, actor.departmentId);
      const issuedOn = shanghaiDateOf(this.clock());
      const doc = await this.documents.issue(tx, {
        kind: 'referralNote',
        prefix: 'ZJ',
        caseId: null,
        issuerDepartmentId: actor.departmentId,
        issuedOn,
        build: (number) => ({
          title: '转介告知单',
          number,
          issuer: issuer.name,
          issuedOn,
          addressee: applicantName,
          body: [
            `您咨询的「${item.name}」不在本中心受理范围内，由${office.name}办理。${input.note ? input.note : ''}请携带下列材料前往办理。`,
          ],
          lines: [
            ['办理部门', office.name],
            ['地址', item.place || office.address || ''],
            ['电话', item.enquiryPhone || office.phone || ''],
            ['办理时间', item.hours || office.hours || ''],
            ['监督投诉电话', item.complaintPhone],
          ],
          list: {
            heading: '需携带的材料',
            items: item.materials.map(
              (m) => `${m.name}${m.original ? '（原件）' : ''}${m.copies > 1 ? ` ${m.copies}份` : ''}`,
            ),
          },
        }),
      });
      if (input.ticketId) await this.queue.finishIn(tx, input.ticketId);
      await recordAudit(tx, {
        action: 'centre.referred',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'person',
        targetId: input.personId,
        details: { itemCode: item.code, document: doc.number },
      });
      return { case: null, documents: [doc], outcome: 'referred' as const, missing: [] };
    });
  }
}
