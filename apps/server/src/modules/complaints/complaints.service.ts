import { maskPhone } from '@grassroots/contracts';
import { sql } from 'kysely';
import { z } from 'zod';
import { type Actor, requirePermission, requireScope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { closedLate } from '../../core/cases/case-stats.ts';
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
import { checkMobile } from '../service-centre/centre.rules.ts';
import { CHANNELS } from './complaint-order.workflow.ts';
import { FINALLY_DECIDED } from './petition.workflow.ts';

/** what a resident may attach to a complaint: photos of the place */
export const PHOTO_MIMES = ['image/png', 'image/jpeg'];

export const RegisterMatter = z
  .object({
    kind: z.enum(['complaint', 'petition']).default('complaint'),
    channel: z.enum(CHANNELS),
    categoryCode: z.string().min(1).max(60),
    divisionCode: z.string().regex(/^\d{6,12}$/, '区划代码 / division code'),
    address: z.string().trim().max(200).optional(),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    description: z.string().trim().min(5, '请说明诉求（至少5个字） / at least 5 characters').max(4000),
    complainant: z
      .object({
        name: z.string().trim().max(40).optional(),
        phone: z.string().max(20).optional(),
        personId: z.string().uuid().optional(),
      })
      .default({}),
    parties: z
      .array(
        z.object({
          kind: z.enum(['person', 'organisation']),
          id: z.string().uuid().optional(),
          name: z.string().trim().min(1).max(100),
          role: z.string().max(40).optional(),
        }),
      )
      .max(20)
      .default([]),
    /** a petition on the same facts as an earlier one */
    previousCaseId: z.string().uuid().optional(),
    /** uploaded first: a scanned letter, photos of the place (a resident may attach photos only) */
    attachments: z
      .array(z.string().regex(/^[0-9a-f]{64}$/, '附件标识 / attachment id'))
      .max(9, '最多9个附件 / at most 9 files')
      .default([]),
  })
  .refine((m) => (m.lat === undefined) === (m.lng === undefined), {
    path: ['lat'],
    message: '经纬度须同时填写 / lat and lng together',
  });
export type RegisterMatter = z.output<typeof RegisterMatter>;

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

  categories() {
    return this.db
      .selectFrom('complaint_categories')
      .select(['code', 'name', 'parent_code as parentCode', 'description'])
      .orderBy('parent_code', 'asc')
      .orderBy('position')
      .execute();
  }

  /** The usual lead and assisting departments of a category, or of its nearest parent with a rule. */
  async suggestRoute(categoryCode: string) {
    for (let code: string | null = categoryCode; code;) {
      const route = await this.db
        .selectFrom('complaint_routes')
        .select(['lead_department_id as leadDepartmentId', 'assisting_department_ids as assistingDepartmentIds'])
        .where('category_code', '=', code)
        .executeTakeFirst();
      if (route) return route;
      code =
        (
          await this.db
            .selectFrom('complaint_categories')
            .select('parent_code')
            .where('code', '=', code)
            .executeTakeFirst()
        )?.parent_code ?? null;
    }
    return null;
  }

  /**
   * Open matters of the same complainant, at the same place, or about the same party: shown at intake.
   * Only matters inside the actor's reach: a phone number must not tell an operator of one county
   * what the same caller asked of another.
   */
  async duplicates(
    actor: Actor,
    q: {
      phone?: string | undefined;
      divisionCode?: string | undefined;
      address?: string | undefined;
      partyIds?: string[] | undefined;
    },
    db: Executor = this.db,
  ) {
    const reach = inScope(requireScope(actor, 'complaint.manage'), {
      department: 'c.owning_department_id',
      assisting: 'c.assisting_department_ids',
      division: 'c.division_code',
    });
    const base = () =>
      db
        .selectFrom('complaints as k')
        .innerJoin('cases as c', 'c.id', 'k.case_id')
        .select([
          'c.id',
          'c.number',
          'c.title',
          'c.status',
          'k.category_code as categoryCode',
          'k.address',
          'k.received_at as receivedAt',
        ])
        .where('c.is_open', '=', true)
        .where(reach)
        .limit(10);
    const found = new Map<
      string,
      {
        id: string;
        number: string;
        title: string;
        status: string;
        categoryCode: string;
        address: string | null;
        receivedAt: Date;
        reasons: string[];
      }
    >();
    const add = (rows: Array<Omit<Parameters<typeof found.set>[1], 'reasons'>>, reason: string) => {
      for (const r of rows) found.set(r.id, { ...r, reasons: [...(found.get(r.id)?.reasons ?? []), reason] });
    };
    if (q.phone?.trim())
      add(
        await base().where('k.complainant_phone_bidx', 'in', this.cipher.blindIndexes(q.phone.trim())).execute(),
        'sameComplainant',
      );
    if (q.divisionCode && q.address?.trim())
      add(
        await base()
          .where('k.division_code', '=', q.divisionCode)
          .where(sql<boolean>`similarity(k.address, ${q.address.trim()}) > 0.4`)
          .execute(),
        'samePlace',
      );
    for (const id of q.partyIds ?? [])
      add(
        await base()
          .where(sql<boolean>`k.parties @> ${JSON.stringify([{ id }])}::jsonb`)
          .execute(),
        'sameParty',
      );
    return [...found.values()];
  }

  async register(
    actor: Actor,
    raw: unknown,
    idempotencyKey?: string,
  ): Promise<
    CaseCommandResult & { complaintId: string; duplicates: Awaited<ReturnType<ComplaintsService['duplicates']>> }
  > {
    requirePermission(actor, 'complaint.manage');
    const m = parseOrRefuse(RegisterMatter, raw, { zh: '诉求登记', en: 'matter' });
    const category = await this.db
      .selectFrom('complaint_categories')
      .select(['code', 'name'])
      .where('code', '=', m.categoryCode)
      .executeTakeFirst();
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
      if (!(await tx.selectFrom('divisions').select('code').where('code', '=', m.divisionCode).executeTakeFirst()))
        throw badInput('divisionCode', '区划不存在', 'No such division');
      const row = await tx
        .insertInto('complaints')
        .values({
          kind: m.kind,
          channel: m.channel,
          category_code: m.categoryCode,
          division_code: m.divisionCode,
          address: m.address ?? null,
          lat: m.lat ?? null,
          lng: m.lng ?? null,
          description: m.description,
          complainant_name: m.complainant.name || null,
          person_id: m.complainant.personId ?? null,
          complainant_phone_enc: phone ? this.cipher.encrypt(phone) : null,
          complainant_phone_bidx: phone ? this.cipher.blindIndex(phone) : null,
          complainant_phone_masked: phone ? maskPhone(phone) : null,
          parties: JSON.stringify(m.parties),
          previous_case_id: m.previousCaseId ?? null,
          received_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const opened = await open({
        typeCode: m.kind === 'petition' ? 'petition' : 'complaint_order',
        title: `${category.name}：${[...m.description].slice(0, 24).join('')}`,
        subject: { type: 'complaint', id: row.id },
        fields: { category: m.categoryCode, channel: m.channel },
        attachments: m.attachments,
      });
      await tx
        .updateTable('complaints')
        .set({ case_id: opened.case.id, received_at: new Date(opened.case.openedAt) })
        .where('id', '=', row.id)
        .execute();
      return { ...opened, complaintId: row.id };
    });
    return { ...result, duplicates };
  }

  /**
   * A matter filed by a resident (portal) or another system (Open311): no member of staff takes it,
   * so the system opens the work order in the coordination centre (the county's 12345 centre),
   * with the same checks and in one transaction with its record and audit entry.
   */
  async registerPublic(raw: unknown, calendar: WorkingCalendar, at: Date, uploader: Uploader | null = null) {
    const m = parseOrRefuse(RegisterMatter, raw, { zh: '诉求', en: 'request' });
    const category = await this.db
      .selectFrom('complaint_categories')
      .select(['code', 'name'])
      .where('code', '=', m.categoryCode)
      .executeTakeFirst();
    if (!category) throw badInput('service_code', '诉求分类不存在', 'No such service_code');
    const phone = m.complainant.phone?.trim() ? checkMobile(m.complainant.phone, 'phone') : undefined;
    const place = await this.db
      .selectFrom('divisions')
      .select(['code', 'path'])
      .where('code', '=', m.divisionCode)
      .executeTakeFirst();
    if (!place) throw badInput('jurisdiction_id', '区划不存在', 'No such jurisdiction');
    const centre = await this.db
      .selectFrom('departments as d')
      .innerJoin('divisions as v', 'v.code', 'd.division_code')
      .select('d.id')
      .where('d.kind', '=', 'hotline_centre')
      .where('d.active', '=', true)
      .where(sql<boolean>`${place.path} LIKE v.path || '%'`)
      .orderBy('v.level', 'desc')
      .limit(1)
      .executeTakeFirst();
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
        await sql`SELECT pg_advisory_xact_lock(hashtext(${`complaint:${this.cipher.blindIndex(phone).toString('hex')}`}))`.execute(
          tx,
        );
        const again = await tx
          .selectFrom('complaints as k')
          .innerJoin('cases as c', 'c.id', 'k.case_id')
          .select(['c.id', 'c.number'])
          .where('k.complainant_phone_bidx', 'in', this.cipher.blindIndexes(phone))
          .where('k.category_code', '=', m.categoryCode)
          .where('k.description', '=', m.description)
          .where('k.received_at', '>', new Date(at.getTime() - 10 * 60_000))
          .executeTakeFirst();
        if (again) return again;
      }
      const row = await tx
        .insertInto('complaints')
        .values({
          kind: 'complaint',
          channel: m.channel,
          category_code: m.categoryCode,
          division_code: m.divisionCode,
          address: m.address ?? null,
          lat: m.lat ?? null,
          lng: m.lng ?? null,
          description: m.description,
          complainant_name: m.complainant.name || null,
          person_id: null,
          complainant_phone_enc: phone ? this.cipher.encrypt(phone) : null,
          complainant_phone_bidx: phone ? this.cipher.blindIndex(phone) : null,
          complainant_phone_masked: phone ? maskPhone(phone) : null,
          parties: JSON.stringify(m.parties),
          previous_case_id: null,
          received_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
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
      await tx.updateTable('complaints').set({ case_id: opened!.id }).where('id', '=', row.id).execute();
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

  /**
   * The coordination board, within the actor's reach: open work orders by lead department — waiting
   * to be signed for, being handled, replied (awaiting the callback), overdue —, the supervision list
   * of overdue orders with the escalation steps taken, and the orders waiting for the centre itself.
   */
  async board(actor: Actor) {
    const scope = requireScope(actor, 'complaint.manage');
    const reach = inScope(scope, { department: 'c.owning_department_id', division: 'c.division_code' });
    const orders = () =>
      this.db
        .selectFrom('cases as c')
        .innerJoin('departments as d', 'd.id', 'c.owning_department_id')
        .where('c.type_code', '=', 'complaint_order')
        .where('c.is_open', '=', true)
        .where(reach);
    const byDepartment = await orders()
      .select([
        'd.id',
        'd.name',
        sql<number>`count(*)::int`.as('open'),
        sql<number>`(count(*) FILTER (WHERE c.status = 'received'))::int`.as('toDispatch'),
        sql<number>`(count(*) FILTER (WHERE c.status = 'dispatched'))::int`.as('toSign'),
        sql<number>`(count(*) FILTER (WHERE c.status = 'signed'))::int`.as('handling'),
        sql<number>`(count(*) FILTER (WHERE c.status IN ('replied', 'calledBack')))::int`.as('replied'),
        sql<number>`(count(*) FILTER (WHERE c.due_state = 'overdue'))::int`.as('overdue'),
      ])
      .groupBy(['d.id', 'd.name'])
      .orderBy('overdue', 'desc')
      .orderBy('open', 'desc')
      .execute();
    const listed = [
      'c.id',
      'c.number',
      'c.title',
      'c.status',
      'c.due_date as dueDate',
      'd.name as department',
    ] as const;
    const supervision = await orders()
      .select([
        ...listed,
        sql<number>`(SELECT max(level) FROM complaint_escalations e WHERE e.case_id = c.id)`.as('escalation'),
      ])
      .where('c.due_state', '=', 'overdue')
      .orderBy('c.due_date')
      .limit(200)
      .execute();
    // the centre's own next steps: orders to dispatch (new, or sent back), to call back, to close
    const centreSteps = await orders()
      .select([...listed, 'c.opened_at as openedAt'])
      .where('c.status', 'in', ['received', 'replied', 'calledBack'])
      .orderBy('c.opened_at')
      .limit(200)
      .execute();
    return { byDepartment, supervision, centreSteps };
  }

  /** A resident's own matters (found by the phone she signed in with): the state, the reply and its result. */
  async mine(phoneBidx: Buffer) {
    const rows = await this.db
      .selectFrom('complaints as k')
      .innerJoin('cases as c', 'c.id', 'k.case_id')
      .innerJoin('complaint_categories as cat', 'cat.code', 'k.category_code')
      .select([
        'c.number',
        'c.status',
        'c.type_code',
        'c.due_date as dueDate',
        'cat.name as category',
        'k.description',
        'k.received_at as receivedAt',
        // a work order's reply, or a petition's written answer
        sql<
          string | null
        >`(SELECT coalesce(x.inputs->'fields'->>'reply', x.inputs->'fields'->>'answer') FROM case_actions x WHERE x.case_id = c.id AND x.action IN ('reply', 'answer') ORDER BY x.seq DESC LIMIT 1)`.as(
          'reply',
        ),
        sql<
          string | null
        >`(SELECT x.inputs->'fields'->>'result' FROM case_actions x WHERE x.case_id = c.id AND x.action = 'reply' ORDER BY x.seq DESC LIMIT 1)`.as(
          'result',
        ),
        sql<
          string[]
        >`(SELECT coalesce(jsonb_agg(f->>'hash'), '[]'::jsonb) FROM case_actions x, jsonb_array_elements(x.attachments) f WHERE x.case_id = c.id AND x.seq = 1)`.as(
          'photos',
        ),
        // the written notices she is owed (受理告知书, 处理意见书 …), each verifiable by its code
        sql<
          Array<{ id: string; number: string; title: string; verificationCode: string }>
        >`(SELECT coalesce(jsonb_agg(jsonb_build_object('id', d.id, 'number', d.number, 'title', d.title, 'verificationCode', d.verification_code) ORDER BY d.issued_at), '[]'::jsonb) FROM documents d WHERE d.case_id = c.id)`.as(
          'documents',
        ),
      ])
      .where('k.complainant_phone_bidx', '=', phoneBidx)
      .orderBy('k.received_at', 'desc')
      .limit(50)
      .execute();
    return rows.map(({ type_code, ...r }) => ({
      ...r,
      statusLabel: this.types.get(type_code)?.states[r.status]?.label ?? r.status,
      awaitingCallback: r.status === 'replied',
    }));
  }

  /** Her own matter, found by its number and the phone she signed in with: anyone else's is not found. */
  private async ownMatter(number: string, phoneBidx: Buffer) {
    const k = await this.db
      .selectFrom('complaints as k')
      .innerJoin('cases as c', 'c.id', 'k.case_id')
      .select(['c.id', 'k.complainant_phone_bidx', 'k.complainant_name'])
      .where('c.number', '=', number)
      .executeTakeFirst();
    if (!k || !k.complainant_phone_bidx?.equals(phoneBidx))
      throw new AppError(404, 'not_found', '未找到您的这件诉求', 'No such matter of yours');
    return { caseId: k.id, complainantName: k.complainant_name };
  }

  /** A written notice of her own matter. */
  async document(number: string, documentId: string, phoneBidx: Buffer) {
    // the matter, her phone on it and the document in one query: no step answers differently
    const doc = await this.db
      .selectFrom('documents as d')
      .innerJoin('cases as c', 'c.id', 'd.case_id')
      .innerJoin('complaints as k', 'k.case_id', 'c.id')
      .select(['d.id', 'd.number'])
      .where('c.number', '=', number)
      .where('k.complainant_phone_bidx', '=', phoneBidx)
      .where('d.id', '=', documentId)
      .executeTakeFirst();
    if (!doc) throw new AppError(404, 'not_found', '未找到这份文书', 'No such notice of yours');
    return doc;
  }

  /** A photo she attached to her own matter (on its opening entry). */
  async photo(number: string, hash: string, phoneBidx: Buffer) {
    const attached = await this.db
      .selectFrom('case_actions as x')
      .innerJoin('cases as c', 'c.id', 'x.case_id')
      .innerJoin('complaints as k', 'k.case_id', 'c.id')
      .innerJoin('attachments as f', (j) => j.on('f.hash', '=', hash))
      .select('f.mime')
      .where('c.number', '=', number)
      .where('k.complainant_phone_bidx', '=', phoneBidx)
      .where('x.seq', '=', 1)
      .where(sql<boolean>`x.attachments @> ${JSON.stringify([{ hash }])}::jsonb`)
      .executeTakeFirst();
    if (!attached) throw new AppError(404, 'not_found', '未找到这张照片', 'No such photo of yours');
    return attached;
  }

  /** The complainant answers the callback on the portal, on her own matter. */
  async answerCallback(
    number: string,
    phoneBidx: Buffer,
    satisfaction: 'satisfied' | 'basicallySatisfied' | 'dissatisfied',
    comment: string,
  ) {
    const { caseId, complainantName } = await this.ownMatter(number, phoneBidx);
    return this.cases.actForResident(
      caseId,
      'callback',
      { satisfaction },
      comment.trim() || { satisfied: '满意', basicallySatisfied: '基本满意', dissatisfied: '不满意' }[satisfaction],
      complainantName ?? '诉求人',
    );
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
      const dispatched = await tx
        .selectFrom('case_actions')
        .select('actor_department_id')
        .where('case_id', '=', caseId)
        .where('action', '=', 'dispatch')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      return act(
        caseId,
        'transfer',
        step(r.case.version, { toDepartmentId: dispatched.actor_department_id! }, `退单：${input.reason}`),
      );
    });
  }

  /** After a re-review, a petition on the same facts is not accepted again (信访工作条例 2022). */
  private async refuseIfFinallyDecided(previousCaseId: string) {
    const recheck = await sql<{ number: string }>`
      SELECT r2.number FROM cases r1 JOIN cases r2 ON r2.type_code = 'petition_review' AND r2.data->>'previousCaseId' = r1.id::text AND r2.data->>'level' = 'recheck' AND r2.status = 'decided'
       WHERE r1.type_code = 'petition_review' AND r1.data->>'previousCaseId' = ${previousCaseId}`.execute(this.db);
    if (recheck.rows[0]) throw FINALLY_DECIDED(recheck.rows[0].number);
  }

  /**
   * 事事有回音: the published figures of a period — received, settled, settled on time, callbacks
   * satisfied, and repeated matters (the same complainant again, or a continuation) — by department
   * (the lead) or by category.
   */
  async figures(q: { from: string; to: string; by: 'department' | 'category' }) {
    const from = new Date(`${q.from}T00:00:00+08:00`);
    const to = new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000);
    const group = q.by === 'department' ? sql.raw('d.name') : sql.raw('cat.name');
    const { rows } = await sql<{
      label: string;
      received: number;
      settled: number;
      onTime: number;
      calledBack: number;
      satisfied: number;
      repeated: number;
    }>`
      WITH m AS (
        SELECT k.*, c.is_open, c.closed_at, c.status, c.clocks, c.owning_department_id,
               (SELECT x.inputs->'fields'->>'satisfaction' FROM case_actions x WHERE x.case_id = c.id AND x.action = 'callback' ORDER BY x.seq DESC LIMIT 1) AS satisfaction,
               (k.previous_case_id IS NOT NULL OR EXISTS (SELECT 1 FROM complaints e WHERE e.complainant_phone_bidx = k.complainant_phone_bidx AND e.received_at < k.received_at)) AS repeated
          FROM complaints k JOIN cases c ON c.id = k.case_id
         WHERE k.received_at >= ${from} AND k.received_at < ${to}
      )
      SELECT ${group} AS label, count(*)::int AS received,
             (count(*) FILTER (WHERE NOT c.is_open))::int AS settled,
             (count(*) FILTER (WHERE NOT c.is_open AND NOT ${closedLate}))::int AS "onTime",
             (count(*) FILTER (WHERE c.satisfaction IS NOT NULL AND c.satisfaction <> 'unreachable'))::int AS "calledBack",
             (count(*) FILTER (WHERE c.satisfaction IN ('satisfied', 'basicallySatisfied')))::int AS satisfied,
             (count(*) FILTER (WHERE c.repeated))::int AS repeated
        FROM m c JOIN departments d ON d.id = c.owning_department_id JOIN complaint_categories cat ON cat.code = c.category_code
       GROUP BY 1 ORDER BY 2 DESC, 1`.execute(this.db);
    return rows.map((r) => ({
      ...r,
      onTimeRate: r.settled ? Math.round((r.onTime / r.settled) * 1000) / 10 : null,
      satisfactionRate: r.calledBack ? Math.round((r.satisfied / r.calledBack) * 1000) / 10 : null,
    }));
  }
}
