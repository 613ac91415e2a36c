import type { AttemptFollowUp, DisputeStatus, NewAttempt, NewDispute } from '@grassroots/contracts';
import { type Actor, requireScope } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { shiftDate } from '../../core/calendar/working-calendar.ts';
import type { Db } from '../../core/db/database.ts';
import type { DocumentService } from '../../core/documents/documents.service.ts';
import { formatNumber, nextSequenceValue } from '../../core/documents/numbering.ts';
import { AppError, badInput } from '../../core/errors.ts';
import { type Clock, shanghaiDateOf, yearOf } from '../../core/time.ts';
import { categoryExists } from './complaint-categories.repository.ts';
import {
  countFailedAttemptsOf,
  disputeChainById,
  disputeExistsInScope,
  findAgreementDocumentInScope,
  findAttemptInScopeForUpdate,
  findDisputeInScope,
  findDivisionInScope,
  insertAttempt,
  insertDispute,
  listAttemptsOf,
  listDisputes,
  listPendingAgreements,
  listSimilarDisputes,
  setAttemptPerformance,
  setDisputeState,
} from './disputes.repository.ts';

const KIND_LABEL = {
  peoplesMediation: '人民调解',
  administrativeMediation: '行政调解',
  arbitration: '仲裁',
  litigation: '诉讼',
} as const;

/**
 * 矛盾纠纷: a dispute and every attempt to settle it — people's mediation at four levels,
 * administrative mediation, arbitration, litigation. An agreement is a numbered PDF with the 30 days
 * to ask the court for judicial confirmation, followed up until performed. The same dispute coming
 * back is linked to its earlier record; after too many attempts without agreement it is flagged
 * for arbitration or for the four-party meeting.
 */
export class DisputesService {
  constructor(
    private readonly db: Db,
    private readonly documents: DocumentService,
    private readonly clock: Clock,
    private readonly attemptsBeforeFlag: () => number,
  ) {}

  /** Disputes within reach with a party in common, in the same place and category: the same dispute coming back? */
  async similar(actor: Actor, q: { divisionCode: string; categoryCode: string; partyNames: string[] }) {
    const scope = requireScope(actor, 'dispute.manage');
    if (q.partyNames.length === 0) return [];
    return listSimilarDisputes(this.db, scope, q);
  }

  /** The dispute is parsed by its contract (the route does it): two parties or more, a 12-digit division. */
  async record(actor: Actor, d: NewDispute) {
    const scope = requireScope(actor, 'dispute.manage');
    const place = await findDivisionInScope(this.db, scope, d.divisionCode);
    if (!place)
      throw badInput('divisionCode', '区划不存在或不在您的辖区内', 'Division not found or outside your jurisdiction');
    if (!(await categoryExists(this.db, d.categoryCode)))
      throw badInput('categoryCode', '分类不存在', 'No such category');
    return this.db.transaction().execute(async (tx) => {
      if (d.previousDisputeId && !(await disputeExistsInScope(tx, scope, d.previousDisputeId)))
        throw badInput('previousDisputeId', '前次纠纷记录不存在', 'No such earlier dispute');
      const at = this.clock();
      const year = yearOf(shanghaiDateOf(at));
      const number = formatNumber('JF', year, await nextSequenceValue(tx, 'dispute', year));
      const row = await insertDispute(tx, {
        number,
        title: d.title,
        category_code: d.categoryCode,
        division_code: d.divisionCode,
        parties: JSON.stringify(d.parties),
        facts: d.facts,
        complaint_case_id: d.complaintCaseId ?? null,
        previous_dispute_id: d.previousDisputeId ?? null,
        created_by: actor.id,
        created_at: at,
      });
      await recordAudit(tx, {
        action: 'dispute.recorded',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'dispute',
        targetId: row.id,
        divisionCode: d.divisionCode,
        details: { number },
      });
      return { id: row.id, number };
    });
  }

  /** An attempt; an agreement becomes a numbered PDF with its court-confirmation deadline; too many failures flag the dispute. */
  async addAttempt(actor: Actor, disputeId: string, a: NewAttempt) {
    const scope = requireScope(actor, 'dispute.manage');
    return this.db.transaction().execute(async (tx) => {
      const d = await findDisputeInScope(tx, scope, disputeId, { forUpdate: true });
      if (!d)
        throw new AppError(
          404,
          'not_found',
          '纠纷不存在或不在您的辖区内',
          'Dispute not found or outside your jurisdiction',
        );
      const settled = a.result === 'agreed' || a.result === 'awarded' || a.result === 'judged';
      const confirmationDue = a.result === 'agreed' && a.kind === 'peoplesMediation' ? shiftDate(a.onDate, 30) : null;
      let documentId: string | null = null;
      if (a.result === 'agreed') {
        const doc = await this.documents.issue(tx, {
          kind: 'mediationAgreement',
          prefix: 'TJ',
          caseId: null,
          issuerDepartmentId: actor.departmentId,
          issuedOn: a.onDate,
          build: (n) => ({
            title: a.kind === 'peoplesMediation' ? '人民调解协议书' : '行政调解协议书',
            number: n,
            issuer: a.organ,
            issuedOn: a.onDate,
            lines: [
              ['纠纷编号', d.number],
              [
                '当事人',
                (d.parties as Array<{ name: string; role?: string }>)
                  .map((p) => `${p.name}${p.role ? `（${p.role}）` : ''}`)
                  .join('、'),
              ],
              ['调解员', a.mediator],
              ['调解日期', a.onDate],
            ],
            body: [`纠纷事实：${d.facts}`, `经调解，双方自愿达成如下协议：${a.agreement!}`],
            footer: confirmationDue
              ? [
                  `双方当事人可以自本协议生效之日起三十日内（${confirmationDue} 前）共同向人民法院申请司法确认（《中华人民共和国人民调解法》第三十三条）。`,
                ]
              : [],
          }),
        });
        documentId = doc.id;
      }
      const row = await insertAttempt(tx, {
        dispute_id: d.id,
        kind: a.kind,
        level: a.level ?? null,
        organ: a.organ,
        mediator: a.mediator,
        on_date: a.onDate,
        attendees: JSON.stringify(a.attendees),
        result: a.result,
        agreement: a.agreement ?? null,
        document_id: documentId,
        confirmation_due: confirmationDue,
        performance: a.result === 'agreed' ? 'pending' : null,
        created_by: actor.id,
        created_at: this.clock(),
      });
      // the whole history counts: this record and the ones the dispute came back from
      const failures = await countFailedAttemptsOf(tx, await disputeChainById(tx, d.id));
      const flagged = settled
        ? null
        : failures >= this.attemptsBeforeFlag()
          ? a.kind === 'peoplesMediation' || a.kind === 'administrativeMediation'
            ? 'arbitration'
            : 'fourParty'
          : d.flagged;
      await setDisputeState(tx, d.id, { status: settled ? 'settled' : 'open', flagged });
      await recordAudit(tx, {
        action: 'dispute.attempt',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'dispute',
        targetId: d.id,
        divisionCode: d.division_code,
        details: { kind: a.kind, result: a.result },
      });
      return { id: row.id, documentId, confirmationDue, failedAttempts: failures, flagged };
    });
  }

  async followUp(actor: Actor, attemptId: string, input: AttemptFollowUp) {
    const scope = requireScope(actor, 'dispute.manage');
    return this.db.transaction().execute(async (tx) => {
      // the row lock makes a second follow-up of the same agreement wait, then find it no longer pending
      const a = await findAttemptInScopeForUpdate(tx, scope, attemptId);
      if (!a) throw new AppError(404, 'not_found', '调解记录不存在', 'Attempt not found');
      if (a.performance !== 'pending')
        throw new AppError(409, 'not_pending', '该协议不在履行跟踪中', 'This agreement is not awaiting follow-up');
      await setAttemptPerformance(tx, a.id, input.performance, input.note);
      // a breached agreement reopens the dispute
      if (input.performance === 'breached') await setDisputeState(tx, a.disputeId, { status: 'open' });
      await recordAudit(tx, {
        action: 'dispute.follow_up',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'dispute_attempt',
        targetId: a.id,
        details: input,
      });
      return { id: a.id, performance: input.performance };
    });
  }

  /** A dispute with its whole history: its attempts and those of the records it came back from. */
  async history(actor: Actor, disputeId: string) {
    const scope = requireScope(actor, 'dispute.manage');
    const d = await findDisputeInScope(this.db, scope, disputeId);
    if (!d)
      throw new AppError(
        404,
        'not_found',
        '纠纷不存在或不在您的辖区内',
        'Dispute not found or outside your jurisdiction',
      );
    const attempts = await listAttemptsOf(this.db, await disputeChainById(this.db, d.id));
    return {
      ...d,
      attempts: attempts.map((a) => ({ ...a, kindLabel: KIND_LABEL[a.kind] })),
      failedAttempts: attempts.filter((a) => a.result === 'notAgreed' || a.result === 'withdrawn').length,
    };
  }

  /** Disputes in reach, open first, flagged first: the mediators' list. */
  async list(actor: Actor, status?: DisputeStatus) {
    const scope = requireScope(actor, 'dispute.manage');
    return listDisputes(this.db, scope, status);
  }

  /** Agreements whose 30 days for judicial confirmation end within the next days, and agreements awaiting follow-up. */
  async followUps(actor: Actor, withinDays = 7) {
    const scope = requireScope(actor, 'dispute.manage');
    const today = shanghaiDateOf(this.clock());
    return listPendingAgreements(this.db, scope, shiftDate(today, withinDays));
  }

  /** The agreement document of an attempt on a dispute in reach. */
  async agreementDocument(actor: Actor, attemptId: string) {
    const scope = requireScope(actor, 'dispute.manage');
    const doc = await findAgreementDocumentInScope(this.db, scope, attemptId);
    if (!doc)
      throw new AppError(
        404,
        'not_found',
        '调解协议书不存在或不在您的辖区内',
        'Agreement not found or outside your jurisdiction',
      );
    return doc;
  }
}
