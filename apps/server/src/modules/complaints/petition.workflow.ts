import type { CaseDocumentTemplate, DocumentContext } from '../../core/cases/case-documents.ts';
import type { CaseHooks, CaseTypeInput } from '../../core/cases/case-type.ts';
import { AppError, badInput, conflict } from '../../core/errors.ts';
import { shanghaiDateOf } from '../../core/time.ts';
import { shiftDate } from '../../core/calendar/working-calendar.ts';
import { CHANNELS } from './complaint-order.workflow.ts';
import { findReviewRequestOf, findReviewedCaseById } from './petitions.repository.ts';

const OPERATOR = ['complaint_operator'];
const HANDLERS = ['complaint_operator', 'reviewer', 'department_head', 'assistance_worker', 'assistance_approver'];
const BASIS = '《信访工作条例》（2022年）';

/**
 * 信访事项 (信访工作条例 2022, calendar days as the regulation counts them): decide within 15 days
 * whether to accept and tell the petitioner in writing; handle within 60 days, extended once by at
 * most 30 with approval; answer in writing, naming the 30 days within which a review may be asked.
 */
export const petitionType: CaseTypeInput = {
  code: 'petition',
  numberPrefix: 'XF',
  name: '信访事项',
  nameEn: 'Petition',
  description:
    'A new petition linked to facts that were re-reviewed is refused (409 `finally_decided`). The petitioner who ' +
    'left her mobile finds the petition on the portal’s 我的诉求 after signing in with it: its state, the written ' +
    'answer, and every written notice (受理告知书, 处理意见书 …) as a PDF with its verification code.',
  legalBasis: `${BASIS}; calendar days, as the regulation counts them`,
  documentTitles: {
    petitionAccepted: '信访事项受理告知书',
    petitionNotAccepted: '信访事项不予受理告知书',
    petitionAnswer: '信访事项处理意见书',
  },
  initialState: 'registered',
  states: {
    registered: { label: '已登记' },
    accepted: { label: '已受理' },
    answered: { label: '已书面答复', final: true },
    notAccepted: { label: '不予受理', final: true },
  },
  openRoles: OPERATOR,
  openSubject: 'complaint',
  openFields: [
    { name: 'category', label: '信访事项分类', type: 'string', required: true, max: 60 },
    { name: 'channel', label: '来源渠道', type: 'enum', options: [...CHANNELS], required: true },
  ],
  clocks: [
    {
      code: 'acceptance',
      label: '受理告知期限',
      kind: 'statutory',
      unit: 'calendar',
      limitDays: 15,
      startsOnOpen: true,
      dueSoonShare: 0.6,
      legalBasis:
        '《信访工作条例》第三十二条: decide within 15 days of registration whether to accept, and tell the petitioner in ' +
        'writing (受理告知书 / 不予受理告知书)',
    },
    {
      code: 'handling',
      label: '办理期限',
      kind: 'statutory',
      unit: 'calendar',
      limitDays: 60,
      maxExtensionDays: 30,
      dueSoonShare: 0.8,
      legalBasis:
        '《信访工作条例》第三十七条: handle and answer in writing (处理意见书) within 60 days of acceptance; extended ' +
        'once, by at most 30 days, with the approval of the organ’s head, the petitioner told why',
    },
  ],
  actions: [
    {
      code: 'accept',
      label: '受理',
      from: ['registered'],
      to: 'accepted',
      roles: HANDLERS,
      clocks: { acceptance: 'stop', handling: 'start' },
      documents: ['petitionAccepted'],
    },
    {
      code: 'notAccept',
      label: '不予受理',
      from: ['registered'],
      to: 'notAccepted',
      roles: HANDLERS,
      opinion: 'required',
      clocks: { acceptance: 'stop' },
      documents: ['petitionNotAccepted'],
      fields: [
        {
          name: 'route',
          label: '告知的途径（应当通过的法定途径或有权处理的机关）',
          type: 'text',
          required: true,
          max: 500,
        },
      ],
    },
    {
      code: 'extend',
      label: '延长办理期限（经负责人批准）',
      from: ['accepted'],
      roles: ['department_head', 'complaint_operator'],
      opinion: 'required',
      clocks: { handling: 'extend' },
      fields: [{ name: 'days', label: '延长天数', type: 'integer', required: true, max: 30 }],
      rule: 'once only (409 `extended_once`); more than 30 days is refused (400)',
    },
    {
      code: 'answer',
      label: '书面答复',
      from: ['accepted'],
      to: 'answered',
      roles: HANDLERS,
      clocks: { handling: 'stop' },
      documents: ['petitionAnswer'],
      fields: [
        { name: 'answer', label: '处理意见', type: 'text', required: true, max: 4000 },
        { name: 'reviewOrgan', label: '复查机关（上一级机关）', type: 'string', required: true, max: 100 },
      ],
    },
  ],
};

/** Extended once only: the regulation allows one extension of at most 30 days. */
export const petitionHooks: CaseHooks = {
  async beforeAction(_tx, ctx) {
    if (ctx.action === 'extend' && ctx.log.some((a) => a.action === 'extend'))
      throw conflict('extended_once', '办理期限只能延长一次', 'The handling period may be extended once only');
  },
  documents: {
    petitionAccepted: template('信访事项受理告知书', 'XS', (c) => [
      `您提出的信访事项（编号 ${c.caseNumber}），经审查符合受理条件，本机关已于 ${c.issuedOn} 予以受理。`,
      `依据${BASIS}，本机关将自受理之日起60日内办结并书面答复；情况复杂的，经批准可延长，延长期限不超过30日，并将告知延期理由。`,
    ]),
    petitionNotAccepted: template('信访事项不予受理告知书', 'XB', (c) => [
      `您提出的信访事项（编号 ${c.caseNumber}），经审查，本机关决定不予受理。理由：${c.opinion ?? ''}`,
      `请通过以下途径反映：${String(c.fields.route ?? '')}`,
    ]),
    petitionAnswer: template('信访事项处理意见书', 'XD', (c) => [
      `关于您提出的信访事项（编号 ${c.caseNumber}），处理意见如下：`,
      String(c.fields.answer ?? ''),
      `如不服本处理意见，可以自收到本意见书之日起30日内，向${String(c.fields.reviewOrgan ?? '上一级机关')}请求复查（${BASIS}）。`,
    ]),
  },
};

function template(title: string, prefix: string, body: (ctx: DocumentContext) => string[]): CaseDocumentTemplate {
  return {
    prefix,
    build: (ctx, number) => ({
      title,
      number,
      issuer: ctx.department.name,
      issuedOn: ctx.issuedOn,
      addressee: ctx.subjectName,
      body: body(ctx),
      footer: [`联系电话：${ctx.department.phone ?? ''}`],
    }),
  };
}

/**
 * 复查、复核: asked within 30 days of the written answer (or of the review opinion, for a re-review),
 * decided within 30 days, in writing. After a re-review the same facts are not accepted again.
 */
export const petitionReviewType: CaseTypeInput = {
  code: 'petition_review',
  numberPrefix: 'FC',
  name: '信访复查、复核',
  nameEn: 'Petition review or re-review',
  initialState: 'requested',
  states: { requested: { label: '已收到请求' }, decided: { label: '已出具意见', final: true } },
  description:
    'Level `review` (复查) or `recheck` (复核). Opened only within 30 days of the answer or review opinion it ' +
    'contests (409 `review_window_passed`), once per level (409 `already_requested`).',
  legalBasis: `${BASIS}; calendar days, as the regulation counts them`,
  otherTimeLimits: [
    {
      what: 'ask for a review (复查)',
      limit: '30 days from receiving the written answer',
      legalBasis: '《信访工作条例》第三十八条',
    },
    {
      what: 'ask for a re-review (复核)',
      limit: '30 days from receiving the review opinion',
      legalBasis: '《信访工作条例》第三十九条',
    },
    {
      what: 'the same facts and reasons after a re-review',
      limit: 'not accepted again',
      legalBasis: '《信访工作条例》第三十九条',
    },
  ],
  documentTitles: { reviewOpinion: '信访事项复查意见书 / 信访事项复核意见书' },
  openRoles: OPERATOR,
  openSubject: 'complaint',
  openFields: [
    { name: 'level', label: '层级', type: 'enum', options: ['review', 'recheck'], required: true },
    { name: 'previousCaseId', label: '原信访事项或复查', type: 'string', required: true, max: 36 },
  ],
  clocks: [
    {
      code: 'decision',
      label: '复查（复核）期限',
      kind: 'statutory',
      unit: 'calendar',
      limitDays: 30,
      startsOnOpen: true,
      dueSoonShare: 0.8,
      legalBasis:
        '《信访工作条例》第三十八条 (复查) and 第三十九条 (复核): decided within 30 days of the request, in writing',
    },
  ],
  actions: [
    {
      code: 'decide',
      label: '出具意见',
      from: ['requested'],
      to: 'decided',
      roles: HANDLERS,
      documents: ['reviewOpinion'],
      clocks: { decision: 'stop' },
      fields: [
        { name: 'outcome', label: '结论', type: 'enum', options: ['upheld', 'changed', 'revoked'], required: true },
        { name: 'opinion', label: '意见', type: 'text', required: true, max: 4000 },
        { name: 'nextOrgan', label: '复核机关', type: 'string', required: false, max: 100 },
      ],
    },
  ],
};

/** The window for asking: 30 days from the written answer or the review opinion; once per level. */
export const petitionReviewHooks: CaseHooks = {
  async beforeOpen(tx, ctx) {
    const level = String(ctx.fields.level);
    const previousId = String(ctx.fields.previousCaseId);
    const previous = await findReviewedCaseById(tx, previousId);
    const wanted =
      level === 'review'
        ? { type: 'petition', status: 'answered', what: '已书面答复的信访事项' }
        : { type: 'petition_review', status: 'decided', what: '已出具意见的复查' };
    if (
      !previous ||
      previous.type_code !== wanted.type ||
      previous.status !== wanted.status ||
      (level === 'recheck' && (previous.data as { level?: string }).level !== 'review')
    ) {
      throw badInput(
        'fields.previousCaseId',
        `${level === 'review' ? '复查' : '复核'}须针对${wanted.what}`,
        `A ${level} follows a ${wanted.what}`,
      );
    }
    const deadline = shiftDate(shanghaiDateOf(previous.closed_at!), 30);
    if (ctx.today > deadline)
      throw conflict(
        'review_window_passed',
        `已超过收到书面意见之日起30日的请求期限（${deadline}）`,
        `The 30 days to ask ended on ${deadline}`,
      );
    const again = await findReviewRequestOf(tx, previousId);
    if (again)
      throw conflict('already_requested', `已就该意见请求过（${again.number}）`, `Already requested (${again.number})`);
    return { previousNumber: previous.number };
  },
  documents: {
    reviewOpinion: {
      prefix: 'FY',
      build: (ctx, number) => {
        const recheck = ctx.derived.data.level === 'recheck';
        const outcome =
          { upheld: '维持原处理意见', changed: '变更原处理意见', revoked: '撤销原处理意见' }[
            String(ctx.fields.outcome)
          ] ?? '';
        return {
          title: recheck ? '信访事项复核意见书' : '信访事项复查意见书',
          number,
          issuer: ctx.department.name,
          issuedOn: ctx.issuedOn,
          addressee: ctx.subjectName,
          body: [
            `关于您对 ${String(ctx.derived.data.previousNumber ?? '')} 提出的${recheck ? '复核' : '复查'}请求，经${recheck ? '复核' : '复查'}，决定${outcome}。`,
            String(ctx.fields.opinion ?? ''),
          ],
          footer: [
            recheck
              ? `本复核意见为最终意见。对复核意见不服，仍以同一事实和理由提出投诉请求的，不再受理（${BASIS}）。`
              : `如不服本复查意见，可以自收到本意见书之日起30日内，向${String(ctx.fields.nextOrgan ?? '上一级机关')}请求复核（${BASIS}）。`,
          ],
        };
      },
    },
  },
};

export const FINALLY_DECIDED = (number: string) =>
  new AppError(
    409,
    'finally_decided',
    `该事项已经复核（${number}），以同一事实和理由提出的不再受理`,
    `Re-reviewed already (${number}): the same facts are not accepted again`,
  );
