import { shiftDate } from '../../core/calendar/working-calendar.ts';
import type { CaseHookContext, CaseHooks } from '../../core/cases/case-type.ts';
import { dataOfLog } from '../../core/cases/derive.ts';
import type { Tx } from '../../core/db/database.ts';
import { AppError, badInput, conflict } from '../../core/errors.ts';
import { computeAllowance, UnknownIncomeKindError } from './allowance-rules.ts';
import type { AssistanceRulesService } from './assistance-rules.service.ts';
import {
  answerObjections,
  enrolHousehold,
  findActiveMembership,
  findLiveEntitlementOf,
  householdMemberIds,
  lockHousehold,
  onlineApplicationOf,
  openApplicationOf,
  openObjectionCount,
} from './assistance.repository.ts';
import { type Assessment, Investigation, addMonths, monthOf } from './investigation.ts';
import { NOTICE_DAYS } from './minimum-allowance.workflow.ts';
import { MINIMUM_ALLOWANCE_DOCUMENTS } from './minimum-allowance.documents.ts';

const dataOf = (ctx: CaseHookContext) => dataOfLog(ctx.log);

/** The rules of a 低保 case that its plain data cannot say. */
export function minimumAllowanceHooks(rules: AssistanceRulesService): CaseHooks {
  return {
    documents: MINIMUM_ALLOWANCE_DOCUMENTS,
    async beforeOpen(tx, ctx) {
      // the household row is the lock: two workers taking up the same application, one wins
      await lockHousehold(tx, ctx.subjectId);
      const enrolled = await findLiveEntitlementOf(tx, ctx.subjectId, [
        'urbanMinimumAllowance',
        'ruralMinimumAllowance',
      ]);
      if (enrolled)
        throw conflict(
          'already_enrolled',
          '该户已在低保保障中，家庭情况变化请通过定期核查或增发、减发、停发办理',
          'The household is already enrolled: changes go through re-verification or an entitlement change',
          { entitlementId: enrolled.id },
        );
      const open = await openApplicationOf(tx, ctx.subjectId);
      if (open)
        throw conflict(
          'application_open',
          `该户已有办理中的低保申请 ${open.number}`,
          `The household already has an open application ${open.number}`,
          { caseNumber: open.number },
        );
      const online = ctx.fields.onlineApplicationId;
      if (online !== undefined && !(await onlineApplicationOf(tx, String(online), ctx.subjectId))) {
        throw badInput(
          'fields.onlineApplicationId',
          '网上申请不存在或不属于该户',
          "The online application does not exist or is not this household's",
        );
      }
    },
    async beforeAction(tx, ctx) {
      const data = dataOf(ctx);
      switch (ctx.action) {
        case 'investigate':
          return assess(tx, ctx, rules, String(data.programme));
        case 'communityReview': {
          const { attendees, inFavour, against } = ctx.fields as {
            attendees: number;
            inFavour: number;
            against: number;
          };
          if (inFavour + against > attendees)
            throw badInput(
              'fields.against',
              '同意票与反对票之和不能超过参会人数',
              'Votes for and against exceed the attendees',
            );
          return;
        }
        case 'startNotice': {
          const assessment = data.assessment as Assessment;
          if (!assessment.eligible || data.recommendation !== 'approve') {
            throw conflict(
              'not_eligible',
              '调查或审核结论为不符合条件，不能公示，请由县级民政部门作出不予批准决定',
              'Investigation or review found the household ineligible: refuse instead of publishing',
            );
          }
          return { noticeFrom: ctx.today, noticeUntil: shiftDate(ctx.today, NOTICE_DAYS - 1) };
        }
        case 'approve':
          return checkApproval(tx, ctx, data, rules);
      }
    },
    async afterAction(tx, ctx) {
      if (ctx.action === 'reopenInvestigation')
        await answerObjections(tx, ctx.caseRow.id, ctx.actor.id, ctx.opinion ?? '', ctx.at);
      if (ctx.action === 'approve') {
        const data = { ...dataOf(ctx), ...ctx.fields };
        await enrolHousehold(tx, {
          caseId: ctx.caseRow.id,
          householdId: ctx.caseRow.subjectId,
          divisionCode: ctx.caseRow.divisionCode,
          assessment: data.assessment as Assessment,
          investigation: data.investigation as Investigation,
          classCode: String(data.classCode),
          startMonth: String(data.startMonth),
          nextReverification: String(data.nextReverification),
          onlineApplicationId: (data.onlineApplicationId as string | undefined) ?? null,
          actorId: ctx.actor.id,
          actorName: ctx.actor.displayName,
          at: ctx.at,
        });
      }
    },
  };
}

export async function assess(tx: Tx, ctx: CaseHookContext, rules: AssistanceRulesService, programme: string) {
  const parsed = Investigation.safeParse(ctx.fields.investigation);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = ['fields', 'investigation', ...issue.path].join('.');
    throw badInput(
      path,
      `调查记录有误：${issue.path.join('.')} ${issue.message}`,
      `Investigation record is invalid: ${issue.path.join('.')} ${issue.message}`,
    );
  }
  const investigation = parsed.data;
  const members = await householdMemberIds(tx, ctx.caseRow.subjectId);
  const listed = investigation.members.map((m) => m.personId);
  const stranger = listed.findIndex((id) => !members.includes(id));
  if (stranger >= 0)
    throw badInput(
      `fields.investigation.members.${stranger}.personId`,
      '该人员不是本户成员',
      'This person is not a member of the household',
    );
  if (new Set(listed).size !== listed.length || members.some((id) => !listed.includes(id))) {
    throw badInput(
      'fields.investigation.members',
      `应逐一登记本户全部 ${members.length} 名成员的收入`,
      `Every one of the household's ${members.length} members must be listed`,
    );
  }
  const rule = await rules.allowanceVersionFor(programme, ctx.caseRow.divisionCode, ctx.today, tx);
  const incomes = investigation.members.flatMap((m) => m.incomes.map((i) => ({ memberId: m.personId, ...i })));
  try {
    const result = computeAllowance(rule, { members: members.length, months: investigation.months, incomes });
    const assessment: Assessment = {
      ruleVersionId: rule.id,
      programme,
      members: members.length,
      eligible: result.eligible,
      monthlyAmountFen: result.eligible ? result.monthlyAmountFen : 0,
      householdMonthlyIncomeFen: result.householdMonthlyIncomeFen,
      explanation: result.explanation,
    };
    return { investigation, assessment };
  } catch (e) {
    if (e instanceof UnknownIncomeKindError) {
      throw badInput(
        'fields.investigation.members',
        `规则未列明的收入类型：${e.kinds.join('、')}（可用：${[...rule.countedIncomeKinds, ...rule.excludedIncomeKinds].join('、')}）`,
        `Income kinds the rule does not name: ${e.kinds.join(', ')}`,
      );
    }
    throw e;
  }
}

async function checkApproval(
  tx: Tx,
  ctx: CaseHookContext,
  data: Record<string, unknown>,
  rules: AssistanceRulesService,
) {
  const until = String(data.noticeUntil);
  if (ctx.today <= until) {
    throw conflict(
      'notice_running',
      `公示期至 ${until} 结束，期满后方可审批`,
      `The public notice runs until ${until}; approve after it ends`,
      { noticeUntil: until },
    );
  }
  const objections = await openObjectionCount(tx, ctx.caseRow.id);
  if (objections > 0) {
    throw conflict(
      'objection_open',
      `公示期间收到 ${objections} 件异议尚未核实，请先重新调查`,
      `${objections} objection(s) received during the notice are unanswered: reopen the investigation first`,
      { objections },
    );
  }
  const assessment = data.assessment as Assessment;
  if (!assessment.eligible)
    throw conflict('not_eligible', '经调查不符合保障条件', 'The investigation found the household ineligible');
  const rule = await rules.allowanceVersionById(assessment.ruleVersionId, tx);
  const cls = rule.classes.find((c) => c.code === ctx.fields.classCode);
  if (!cls)
    throw badInput(
      'fields.classCode',
      `该规则没有 ${String(ctx.fields.classCode)} 类`,
      `The rule has no class ${String(ctx.fields.classCode)}`,
    );
  const members = await householdMemberIds(tx, ctx.caseRow.subjectId);
  const other = await findActiveMembership(tx, members);
  if (other) {
    throw new AppError(
      409,
      'already_in_household',
      `${other.personName} 已在 ${other.householdNumber} 户的低保中（${other.programme}），一人只能在一个保障家庭`,
      `${other.personName} is already in the active allowance household ${other.householdNumber}`,
      undefined,
      { householdNumber: other.householdNumber, entitlementId: other.entitlementId },
    );
  }
  return {
    startMonth: monthOf(ctx.today),
    nextReverification: addMonths(ctx.today, cls.reverifyMonths),
    monthlyAmountFen: assessment.monthlyAmountFen,
  };
}
