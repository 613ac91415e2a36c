import type { NotificationService } from '../../core/notifications/notifications.service.ts';
import type {
  EvaluateRequest,
  EvaluationAppealDecision,
  EvaluationResultsQuery,
  EvaluationReviewQuery,
  ScorecardsQuery,
} from '@grassroots/contracts';
import { type Actor, requirePermission, requireScope, type Scope, scopeOf } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { CalendarService } from '../../core/calendar/calendar.service.ts';
import { openCasesInBulk } from '../../core/cases/bulk-open.ts';
import type { CaseTypeRegistry } from '../../core/cases/case-type.ts';
import type { Db } from '../../core/db/database.ts';
import { AppError, badInput, conflict, forbidden, isUniqueViolation } from '../../core/errors.ts';
import type { Clock } from '../../core/time.ts';
import { requireDepartment } from '../service-centre/index.ts';
import {
  caseHasReview,
  findCaseByNumberInScope,
  findLastActor,
  findReview,
  findWindowOfCase,
  insertAppeal,
  insertReview,
  listPendingAppealsInScope,
  listReviewsInScope,
  listReviewsOfCase,
  lockAppeal,
  lockCase,
  recordAppealDecision,
  reviewHasAppeal,
} from './evaluation.repository.ts';
import { evaluationResults } from './evaluation.results.ts';
import { completeSubScores, isBadReview, LEVELS, levelLabel } from './evaluation.rules.ts';
import { staffScorecards, windowScorecards } from './scorecards.ts';

/** A case being rated, as the portal finds it for its applicant or a clerk finds it in reach. */
export interface EvaluatedCase {
  id: string;
  number: string;
  title: string;
  type_code: string;
  is_open: boolean;
  subject_type: string;
  subject_id: string;
  subject_name: string;
  division_code: string;
  owning_department_id: string;
  data: unknown;
}

export interface EvaluationPolicy {
  /** how a service nobody rated counts once the rating window has passed: as 满意 (the national default), or not at all */
  unratedAs: 'satisfied' | 'excluded';
  /** days after closing before an unrated service counts */
  unratedAfterDays: number;
}

/**
 * 好差评: one review per case, by its applicant (online: the query code or her signed-in phone; on
 * site: at the window, in the clerk's session), written once and never edited (the table refuses
 * UPDATE and DELETE). A bad review opens a rectification work order in the same transaction; an
 * unfair one can be appealed by staff and, if a supervisor upholds the appeal, leaves the figures.
 */
export class EvaluationService {
  constructor(
    private readonly db: Db,
    private readonly types: CaseTypeRegistry,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    readonly policy: EvaluationPolicy,
    private readonly notifications: NotificationService,
  ) {}

  /** Whether a case may still be rated (the portal and the pad ask before showing the form); one review per case, whatever the channel. */
  async status(c: EvaluatedCase) {
    const done = await listReviewsOfCase(this.db, c.id);
    return {
      number: c.number,
      title: c.title,
      finished: !c.is_open,
      rated: done.length > 0,
      given: done.map((d) => ({ channel: d.channel, level: d.level, label: levelLabel(d.level) })),
    };
  }

  /** The case a clerk's pad rates: found by number among the cases of the departments the clerk serves. */
  async caseAtWindow(actor: Actor, number: string): Promise<EvaluatedCase> {
    const scope = scopeOf(actor, 'centre.serve');
    if (!scope) throw forbidden('centre.serve');
    const c = await findCaseByNumberInScope(this.db, number.trim().toUpperCase(), scope);
    if (!c)
      throw new AppError(
        404,
        'case_not_found',
        '本窗口所在部门没有这个办件',
        'No such case in the departments you serve',
        'number',
      );
    return c;
  }

  /**
   * Records a review of a case already proven to be the reviewer's (`locate` runs the portal's or
   * the window's check with the request's credentials).
   */
  async evaluate(
    input: EvaluateRequest,
    channel: 'onSite' | 'online',
    locate: (input: EvaluateRequest) => Promise<EvaluatedCase>,
    by: { actorId: string | null; actorName: string; ip: string | null },
  ) {
    const c = await locate(input);
    if (c.is_open) throw conflict('not_finished', '办件尚未办结，办结后才能评价', 'The case is not finished yet');
    // a work order about a review is answered by its callback, not rated again (no chain of orders)
    if (c.type_code === 'bad_review_rectification')
      throw conflict(
        'not_evaluable',
        '差评整改工单不参与评价，请通过回访反映意见',
        'A rectification work order is not rated; its callback asks the resident',
      );
    const { scores, unknown } = completeSubScores(channel, input.level, input.subScores);
    if (unknown.length)
      throw badInput(
        `subScores.${unknown[0]}`,
        `「${channel === 'onSite' ? '现场' : '网上'}」评价没有这一项：${unknown.join('、')}`,
        `Not a sub-item of this channel: ${unknown.join(', ')}`,
      );
    if (isBadReview(input.level) && !input.comment)
      throw badInput('comment', '差评请写明不满意的原因，以便整改', 'Say what was wrong, so it can be put right');
    const calendar = await this.calendar.get();
    const at = this.clock();
    try {
      return await this.db.transaction().execute(async (tx) => {
        // one review per case: the case row's lock makes two concurrent first reviews wait for each other
        await lockCase(tx, c.id);
        if (await caseHasReview(tx, c.id)) throw alreadyEvaluated();
        const served = await findLastActor(tx, c.id);
        const window = await findWindowOfCase(tx, c.id);
        let rectification: { id: string; number: string } | undefined;
        if (isBadReview(input.level)) {
          const type = this.types.get('bad_review_rectification')!;
          [rectification] = await openCasesInBulk(
            tx,
            type,
            [
              {
                title: `差评整改：${c.title}`,
                subjectType: c.subject_type as 'person',
                subjectId: c.subject_id,
                subjectName: c.subject_name,
                divisionCode: c.division_code,
                departmentId: c.owning_department_id,
                fields: {
                  evaluatedCase: c.number,
                  level: input.level,
                  channel,
                  ...(input.comment ? { comment: input.comment } : {}),
                },
              },
            ],
            calendar,
            at,
            '好差评系统',
          );
          const message = `差评（${LEVELS[input.level]}）：${c.number} ${c.title}，请于整改时限内核实整改并回访`;
          const heads = await this.notifications.departmentHeads(tx, c.owning_department_id);
          await this.notifications.notify(
            tx,
            heads.map((userId) => ({ userId, kind: 'bad_review', caseId: rectification!.id, message })),
          );
        }
        const row = await insertReview(tx, {
          case_id: c.id,
          channel,
          level: input.level,
          sub_scores: JSON.stringify(scores),
          comment: input.comment ?? null,
          department_id: c.owning_department_id,
          staff_id: served?.actor_id ?? null,
          window_name: window?.name ?? null,
          item_code: (c.data as { itemCode?: string }).itemCode ?? null,
          rectification_case_id: rectification?.id ?? null,
          created_at: at,
        });
        await recordAudit(tx, {
          action: 'evaluation.given',
          ...by,
          targetType: 'case',
          targetId: c.id,
          divisionCode: c.division_code,
          details: { level: input.level, channel, rectification: rectification?.number ?? null },
        });
        return {
          id: row.id,
          level: input.level,
          label: levelLabel(input.level),
          rectificationCase: rectification?.number ?? null,
        };
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw alreadyEvaluated();
      throw e;
    }
  }

  /** Reviews of the departments in the reader's reach, newest first; the resident is not named. */
  async list(actor: Actor, q: EvaluationReviewQuery) {
    const scope = scopeOf(actor, 'evaluation.read');
    if (!scope) throw forbidden('evaluation.read');
    return listReviewsInScope(this.db, scope, q);
  }

  /** 申诉: staff of the department that served contest a review they find unfair; once per review. */
  async appeal(actor: Actor, evaluationId: string, reason: string) {
    requirePermission(actor, 'evaluation.read');
    if (!reason.trim()) throw badInput('reason', '请说明申诉理由', 'Give the reason');
    return this.db.transaction().execute(async (tx) => {
      const e = await findReview(tx, evaluationId);
      if (!e) throw new AppError(404, 'not_found', '评价不存在', 'Evaluation not found');
      await requireDepartment(tx, actor, 'evaluation.read', e.department_id);
      if (await reviewHasAppeal(tx, e.id))
        throw conflict('already_appealed', '该评价已申诉过', 'This review was appealed already');
      const row = await insertAppeal(tx, {
        evaluation_id: e.id,
        reason: reason.trim(),
        filed_by: actor.id,
        filed_at: this.clock(),
      });
      await recordAudit(tx, {
        action: 'evaluation.appealed',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'evaluation',
        targetId: e.id,
        details: { reason: reason.trim() },
      });
      return { id: row.id };
    });
  }

  /** A supervisor decides; never the one who appealed. An upheld appeal takes the review out of the figures. */
  async decideAppeal(actor: Actor, appealId: string, decision: EvaluationAppealDecision, note: string) {
    requirePermission(actor, 'evaluation.decide');
    return this.db.transaction().execute(async (tx) => {
      const a = await lockAppeal(tx, appealId);
      if (!a) throw new AppError(404, 'not_found', '申诉不存在', 'Appeal not found');
      await requireDepartment(tx, actor, 'evaluation.decide', a.department_id);
      if (a.filed_by === actor.id)
        throw new AppError(403, 'separation_of_duties', '不能审核自己提出的申诉', 'You cannot decide your own appeal');
      if (a.decision) throw conflict('already_decided', '该申诉已处理', 'The appeal is decided already');
      await recordAppealDecision(tx, a.id, {
        decision,
        decision_note: note.trim() || null,
        decided_by: actor.id,
        decided_at: this.clock(),
      });
      await recordAudit(tx, {
        action: 'evaluation.appeal_decided',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'evaluation_appeal',
        targetId: a.id,
        details: { decision },
      });
      return { id: a.id, decision };
    });
  }

  async pendingAppeals(actor: Actor) {
    const scope = scopeOf(actor, 'evaluation.decide');
    if (!scope) throw forbidden('evaluation.decide');
    return listPendingAppealsInScope(this.db, scope);
  }

  /** The published results (好差评公示) of a period: of every department, or of those a scope reaches. */
  async results(q: EvaluationResultsQuery, scope?: Scope) {
    return evaluationResults(this.db, this.policy, { ...q, now: this.clock(), scope });
  }

  /** The results of the departments in the reader's reach. */
  async resultsInReach(actor: Actor, q: EvaluationResultsQuery) {
    return this.results(q, requireScope(actor, 'evaluation.read'));
  }

  /** 月度考核: the staff or window scorecards of a month, for the departments in the reader's reach. */
  async scorecards(actor: Actor, { month, by }: Pick<ScorecardsQuery, 'month' | 'by'>) {
    const scope = requireScope(actor, 'evaluation.read');
    return by === 'staff' ? staffScorecards(this.db, scope, month) : windowScorecards(this.db, scope, month);
  }
}

const alreadyEvaluated = () =>
  conflict(
    'already_evaluated',
    '该办件已评价过：每个办件只能评价一次，评价提交后不能修改',
    'This case was rated already: one review per case, never changed',
  );
