import {
  type DuplicateMatter,
  type DuplicateQuery,
  type MatterFiling,
  maskPhone,
  RegisterMatter,
} from '@grassroots/contracts';
import { type Actor, requirePermission, requireScope } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import { openCasesInBulk } from '../../core/cases/bulk-open.ts';
import { attachedFiles } from '../../core/cases/case.repository.ts';
import type { Uploader } from '../../core/documents/file-access.ts';
import type { CaseTypeRegistry } from '../../core/cases/case-type.ts';
import type { CaseCommandResult, CaseService } from '../../core/cases/case.service.ts';
import type { PiiCipher } from '../../core/crypto/sm.ts';
import type { Db, Executor } from '../../core/db/database.ts';
import { AppError, badInput } from '../../core/errors.ts';
import { parseOrRefuse } from '../../core/validation.ts';
import { requiredMobile as checkMobile } from '../../core/values.ts';
import {
  type DuplicateMatch,
  findCategory,
  findCoordinationCentreOver,
  findDivision,
  findRecentSameFiling,
  getLastDispatchOf,
  insertComplaint,
  linkComplaintToCase,
  listOpenMattersLike,
  lockPublicFilingsOf,
} from './complaints.repository.ts';
import { FINALLY_DECIDED } from './petition.workflow.ts';
import { findFinalRecheckOf } from './petitions.repository.ts';

/** what a resident may attach to a complaint: photos of the place */
export const PHOTO_MIMES = ['image/png', 'image/jpeg'];

type Duplicate = Awaited<ReturnType<typeof listOpenMattersLike>>[number] & { reasons: DuplicateMatter['reasons'] };

const step = (expectedVersion: number, fields: Record<string, unknown> = {}, opinion?: string) => ({
  expectedVersion,
  fields,
  attachments: [] as string[],
  ...(opinion ? { opinion } : {}),
});

/**
 * Matters from every channel: registered with their category, place and parties (the complainant's
 * phone encrypted, found again by its blind index), checked against open matters of the same
 * complainant, place or party, and opened as a 12345 work order or a petition in one transaction.
 * Dispatch and send-back move the order between the coordination centre and the departments.
 */
export class ComplaintsService {
  constructor(
    private readonly db: Db,
    private readonly cases: CaseService,
    private readonly cipher: PiiCipher,
    private readonly types: CaseTypeRegistry,
  ) {}

  /**
   * Open matters of the same complainant, at the same place, or about the same party: shown at intake.
   * Only matters inside the actor's reach: a phone number must not tell an operator of one county
   * what the same caller asked of another.
   */
  async duplicates(actor: Actor, q: DuplicateQuery, db: Executor = this.db) {
    const scope = requireScope(actor, 'complaint.manage');
    const found = new Map<string, Duplicate>();
    const add = async (match: DuplicateMatch, reason: DuplicateMatter['reasons'][number]) => {
      for (const r of await listOpenMattersLike(db, scope, match))
        found.set(r.id, { ...r, reasons: [...(found.get(r.id)?.reasons ?? []), reason] });
    };
    if (q.phone?.trim()) await add({ phoneBidx: this.cipher.blindIndexes(q.phone.trim()) }, 'sameComplainant');
    if (q.divisionCode && q.address?.trim())
      await add({ divisionCode: q.divisionCode, address: q.address.trim() }, 'samePlace');
    for (const id of q.partyIds ?? []) await add({ partyId: id }, 'sameParty');
    return [...found.values()];
  }

  /** A matter registered by staff (the contract has checked its shape): a work order or a petition, with duplicates found. */
  async register(
    actor: Actor,
    m: RegisterMatter,
    idempotencyKey?: string,
  ): Promise<CaseCommandResult & { complaintId: string; duplicates: Duplicate[] }> {
    requirePermission(actor, 'complaint.manage');
    const category = await findCategory(this.db, m.categoryCode);
    if (!category) throw badInput('categoryCode', '诉求分类不存在', 'No such category');
    const phone = m.complainant.phone?.trim() ? checkMobile(m.complainant.phone, 'complainant.phone') : undefined;
    if (m.kind === 'petition' && m.previousCaseId) await this.refuseIfFinallyDecided(m.previousCaseId);
    const duplicates = await this.duplicates(actor, {
      phone,
      divisionCode: m.divisionCode,
      address: m.address,
      partyIds: m.parties.flatMap((p) => (p.id ? [p.id] : [])),
    });
    const result = await this.cases.command(actor, idempotencyKey, async ({ tx, open }) => {
      if (!(await findDivision(tx, m.divisionCode))) throw badInput('divisionCode', '区划不存在', 'No such division');
      const row = await insertComplaint(tx, {
        ...this.matterRow(m, phone),
        person_id: m.complainant.personId ?? null,
        previous_case_id: m.previousCaseId ?? null,
        received_at: new Date(),
      });
      const opened = await open({
        typeCode: m.kind === 'petition' ? 'petition' : 'complaint_order',
        title: `${category.name}：${[...m.description].slice(0, 24).join('')}`,
        subject: { type: 'complaint', id: row.id },
        fields: { category: m.categoryCode, channel: m.channel },
        attachments: m.attachments,
      });
      await linkComplaintToCase(tx, row.id, opened.case.id, new Date(opened.case.openedAt));
      return { ...opened, complaintId: row.id };
    });
    return { ...result, duplicates };
  }

  /**
   * A matter filed by a resident (portal) or another system (Open311): no member of staff takes it,
   * so the system opens the work order in the coordination centre (the county's 12345 centre),
   * with the same checks and in one transaction with its record and audit entry. The filing is checked
   * here, not by a route's schema: Open311 builds it from form fields and answers in its own error format.
   */
  async registerPublic(filing: MatterFiling, calendar: WorkingCalendar, at: Date, uploader: Uploader | null = null) {
    const m = parseOrRefuse(RegisterMatter, filing, { zh: '诉求', en: 'request' });
    const category = await findCategory(this.db, m.categoryCode);
    if (!category) throw badInput('service_code', '诉求分类不存在', 'No such service_code');
    const phone = m.complainant.phone?.trim() ? checkMobile(m.complainant.phone, 'phone') : undefined;
    const place = await findDivision(this.db, m.divisionCode);
    if (!place) throw badInput('jurisdiction_id', '区划不存在', 'No such jurisdiction');
    const centre = await findCoordinationCentreOver(this.db, place.path);
    if (!centre)
      throw new AppError(
        503,
        'no_hotline_centre',
        '本地区尚未设置诉求受理中心',
        'No coordination centre is configured for this area',
      );
    const type = this.types.get('complaint_order')!;
    return this.db.transaction().execute(async (tx) => {
      // a retry (a double tap, a request resent on a poor network) is the same matter, not a second one:
      // the same phone, category and words within ten minutes; the lock makes two at once one
      if (phone) {
        await lockPublicFilingsOf(tx, this.cipher.blindIndex(phone).toString('hex'));
        const again = await findRecentSameFiling(tx, {
          phoneBidx: this.cipher.blindIndexes(phone),
          categoryCode: m.categoryCode,
          description: m.description,
          since: new Date(at.getTime() - 10 * 60_000),
        });
        if (again) return again;
      }
      const row = await insertComplaint(tx, {
        ...this.matterRow({ ...m, kind: 'complaint' }, phone),
        person_id: null,
        previous_case_id: null,
        received_at: at,
      });
      const [opened] = await openCasesInBulk(
        tx,
        type,
        [
          {
            title: `${category.name}：${[...m.description].slice(0, 24).join('')}`,
            subjectType: 'complaint',
            subjectId: row.id,
            subjectName: m.complainant.name || '匿名',
            divisionCode: m.divisionCode,
            departmentId: centre.id,
            fields: { category: m.categoryCode, channel: m.channel },
            attachments: await attachedFiles(tx, m.attachments, uploader, PHOTO_MIMES),
          },
        ],
        calendar,
        at,
        m.channel === 'open311' ? 'Open311' : '群众网上提交',
      );
      await linkComplaintToCase(tx, row.id, opened!.id);
      await recordAudit(tx, {
        action: 'complaint.filed',
        actorId: null,
        actorName: m.channel,
        ip: null,
        targetType: 'case',
        targetId: opened!.id,
        divisionCode: m.divisionCode,
        details: { number: opened!.number, category: m.categoryCode },
      });
      return { id: opened!.id, number: opened!.number };
    });
  }

  /** The complaints row of a matter, the phone encrypted, indexed and masked (what both intakes store alike). */
  private matterRow(m: RegisterMatter, phone: string | undefined) {
    return {
      kind: m.kind,
      channel: m.channel,
      category_code: m.categoryCode,
      division_code: m.divisionCode,
      address: m.address ?? null,
      lat: m.lat ?? null,
      lng: m.lng ?? null,
      description: m.description,
      complainant_name: m.complainant.name || null,
      complainant_phone_enc: phone ? this.cipher.encrypt(phone) : null,
      complainant_phone_bidx: phone ? this.cipher.blindIndex(phone) : null,
      complainant_phone_masked: phone ? maskPhone(phone) : null,
      parties: JSON.stringify(m.parties),
    };
  }

  /** 派单: state, assisting departments and the move to the lead, as one command. */
  async dispatch(
    actor: Actor,
    caseId: string,
    input: {
      expectedVersion: number;
      leadDepartmentId: string;
      assistingDepartmentIds?: string[] | undefined;
      opinion?: string | undefined;
    },
    idempotencyKey?: string,
  ) {
    requirePermission(actor, 'complaint.manage');
    const assisting = [...new Set(input.assistingDepartmentIds ?? [])].filter((d) => d !== input.leadDepartmentId);
    return this.cases.command(actor, idempotencyKey, async ({ act }) => {
      let r = await act(
        caseId,
        'dispatch',
        step(
          input.expectedVersion,
          {
            leadDepartmentId: input.leadDepartmentId,
            ...(assisting.length ? { assistingDepartmentIds: assisting } : {}),
          },
          input.opinion,
        ),
      );
      if (assisting.length) r = await act(caseId, 'setAssisting', step(r.case.version, { departmentIds: assisting }));
      if (r.case.owningDepartmentId !== input.leadDepartmentId)
        r = await act(
          caseId,
          'transfer',
          step(r.case.version, { toDepartmentId: input.leadDepartmentId }, input.opinion || '派单'),
        );
      return r;
    });
  }

  /** 退单: the lead department returns a wrongly dispatched order, with its reason, to whoever dispatched it. */
  async sendBack(
    actor: Actor,
    caseId: string,
    input: { expectedVersion: number; reason: string },
    idempotencyKey?: string,
  ) {
    return this.cases.command(actor, idempotencyKey, async ({ tx, act }) => {
      // the engine checks reach, state and the window first; then the order goes back to whoever dispatched it
      const r = await act(caseId, 'sendBack', step(input.expectedVersion, {}, input.reason));
      const dispatched = await getLastDispatchOf(tx, caseId);
      return act(
        caseId,
        'transfer',
        step(r.case.version, { toDepartmentId: dispatched.actor_department_id! }, `退单：${input.reason}`),
      );
    });
  }

  /** After a re-review, a petition on the same facts is not accepted again (信访工作条例 2022). */
  private async refuseIfFinallyDecided(previousCaseId: string) {
    const recheck = await findFinalRecheckOf(this.db, previousCaseId);
    if (recheck) throw FINALLY_DECIDED(recheck.number);
  }
}
