import type { CaseTypeInput } from '../../core/cases/case-type.ts';

export const ALLOWANCE_PROGRAMMES = ['urbanMinimumAllowance', 'ruralMinimumAllowance'] as const;
export type AllowanceProgramme = (typeof ALLOWANCE_PROGRAMMES)[number];

/** Days a household stays on public notice (公示期), calendar days: 最低生活保障审核确认办法 (民发〔2021〕57号). */
export const NOTICE_DAYS = 7;

const WORKERS = ['community_worker', 'assistance_worker'];

/**
 * 低保申请: apply → accept (or refuse / ask for missing materials once) → household economic
 * investigation → community democratic review → township review → 7-day public notice (an
 * objection sends it back to investigation) → county approval or refusal → enrolled. The
 * arithmetic, the notice period, the objections and the entitlement live in the module's hooks
 * (minimum-allowance.hooks.ts); time limits and their sources are in docs/WORKFLOWS.md.
 */
export const minimumAllowanceType: CaseTypeInput = {
  code: 'minimum_allowance',
  numberPrefix: 'DB',
  // the household, its investigation and the 公示 beside the case (the console's AllowancePanel)
  panels: ['allowance'],
  name: '最低生活保障申请',
  nameEn: 'Minimum living allowance application',
  description:
    'Subject: a **household** (低保以家庭为单位). Opened by a community worker or the township’s 民政助理员, at the ' +
    'window or by taking up an application filed on the portal (the case keeps its `onlineApplicationId`, which is ' +
    'how the resident follows it). A household has at most one open application (409 `application_open`). ' +
    'Objections come from the portal (`POST /public/assistance/notices/:number/objections`) only while the notice ' +
    'runs; an open one blocks approval (409 `objection_open`). The arithmetic, the notice period, the objections ' +
    'and the entitlement live in the hooks (`minimum-allowance.hooks.ts`).',
  legalBasis: '《最低生活保障审核确认办法》（民发〔2021〕57号）',
  otherTimeLimits: [
    {
      what: '公示',
      limit: `${NOTICE_DAYS} calendar days (\`NOTICE_DAYS\`)`,
      legalBasis: 'the same 办法: the township publishes the proposed household in its village or community for 7 days',
    },
    {
      what: 'appeal against a refusal or a change',
      limit: '60 days 行政复议, 6 months 行政诉讼 (printed on the refusal and change notices)',
      legalBasis: '《行政复议法》, 《行政诉讼法》',
    },
  ],
  documentTitles: {
    receipt: '受理回执',
    oneTimeNotice: '一次性告知书',
    allowanceNotice: '最低生活保障审核公示 (name masked 张*三)',
    allowanceApproval: '最低生活保障审批通知书',
    allowanceRefusal: '不予批准最低生活保障通知书 (with the appeal route)',
  },
  initialState: 'applied',
  states: {
    applied: { label: '已申请' },
    accepted: { label: '已受理' },
    awaitingMaterials: { label: '待补正' },
    investigated: { label: '已入户调查' },
    communityReviewed: { label: '已民主评议' },
    townshipReviewed: { label: '乡镇已审核' },
    onNotice: { label: '公示中' },
    enrolled: { label: '已纳入保障', final: true },
    rejected: { label: '不予批准', final: true },
    refused: { label: '不予受理', final: true },
  },
  openRoles: WORKERS,
  openSubject: 'household',
  openFields: [
    {
      name: 'programme',
      label: '保障类别',
      type: 'enum',
      options: ['urbanMinimumAllowance', 'ruralMinimumAllowance'],
      required: true,
    },
    { name: 'applicant', label: '申请人', type: 'string', required: true, max: 50 },
    { name: 'applicantRole', label: '申请人身份', type: 'enum', options: ['head', 'agent'], required: true },
    { name: 'reason', label: '申请理由', type: 'text', required: true, max: 2000 },
    { name: 'onlineApplicationId', label: '网上申请编号', type: 'string', required: false, max: 36 },
  ],
  clocks: [
    {
      code: 'statutory',
      label: '审核确认时限',
      kind: 'statutory',
      unit: 'working',
      limitDays: 30,
      maxExtensionDays: 15,
      dueSoonShare: 0.7,
      legalBasis:
        '《最低生活保障审核确认办法》（民发〔2021〕57号）: 审核确认 within 30 working days of acceptance, 45 in special ' +
        'circumstances; missing materials are asked for once (一次性告知), and the clock pauses meanwhile',
    },
  ],
  actions: [
    {
      code: 'accept',
      label: '受理',
      from: ['applied'],
      to: 'accepted',
      roles: WORKERS,
      opinion: 'optional',
      clocks: { statutory: 'start' },
      documents: ['receipt'],
    },
    {
      // 不予受理 with a one-time notice of everything missing or wrong, so that the household can come back once
      code: 'refuse',
      label: '不予受理',
      from: ['applied'],
      to: 'refused',
      roles: WORKERS,
      opinion: 'required',
      fields: [{ name: 'missingMaterials', label: '需补正材料', type: 'stringList', required: false }],
      documents: ['oneTimeNotice'],
    },
    {
      code: 'requestMaterials',
      label: '一次性告知补正',
      from: ['accepted'],
      to: 'awaitingMaterials',
      roles: WORKERS,
      fields: [{ name: 'missingMaterials', label: '需补正材料', type: 'stringList', required: true }],
      setFlags: ['materialsPending'],
      clocks: { statutory: 'pause' },
      documents: ['oneTimeNotice'],
    },
    {
      code: 'supplyMaterials',
      label: '补正材料',
      from: ['awaitingMaterials'],
      to: 'accepted',
      roles: WORKERS,
      clearFlags: ['materialsPending'],
      clocks: { statutory: 'resume' },
    },
    {
      code: 'investigate',
      label: '入户调查（家庭经济状况）',
      from: ['accepted'],
      to: 'investigated',
      roles: WORKERS,
      opinion: 'optional',
      attachments: 'required',
      fields: [{ name: 'investigation', label: '调查记录', type: 'object', required: true }],
      rule:
        'at least one photo; every member listed with income by kind and month; at least two visitors; the amount ' +
        'computed under the rule version in force (stored with its id)',
    },
    {
      code: 'communityReview',
      label: '民主评议',
      from: ['investigated'],
      to: 'communityReviewed',
      roles: WORKERS,
      opinion: 'required',
      fields: [
        { name: 'reviewDate', label: '评议日期', type: 'date', required: true },
        { name: 'attendees', label: '参会人数', type: 'integer', required: true, max: 500 },
        { name: 'inFavour', label: '同意票', type: 'integer', required: true, max: 500 },
        { name: 'against', label: '反对票', type: 'integer', required: true, max: 500 },
        { name: 'recommendation', label: '评议意见', type: 'enum', options: ['approve', 'reject'], required: true },
      ],
      rule: 'votes ≤ attendees',
    },
    {
      code: 'townshipReview',
      label: '乡镇（街道）审核',
      from: ['communityReviewed'],
      to: 'townshipReviewed',
      roles: ['assistance_worker'],
      opinion: 'required',
      fields: [
        { name: 'recommendation', label: '审核意见', type: 'enum', options: ['approve', 'reject'], required: true },
      ],
      notBy: ['investigate'],
    },
    {
      code: 'startNotice',
      label: '张榜公示',
      from: ['townshipReviewed'],
      to: 'onNotice',
      roles: ['assistance_worker'],
      opinion: 'optional',
      documents: ['allowanceNotice'],
      rule: `only if eligible and recommended; the notice runs from today for ${NOTICE_DAYS} days`,
    },
    {
      code: 'reopenInvestigation',
      label: '因异议重新调查',
      from: ['onNotice'],
      to: 'accepted',
      roles: ['assistance_worker', 'assistance_approver'],
      opinion: 'required',
      rule: 'answers every open objection',
    },
    {
      code: 'approve',
      label: '审批纳入保障',
      from: ['onNotice'],
      to: 'enrolled',
      roles: ['assistance_approver'],
      opinion: 'required',
      fields: [{ name: 'classCode', label: '分类管理类别', type: 'enum', options: ['A', 'B', 'C'], required: true }],
      notBy: ['investigate', 'townshipReview'],
      clocks: { statutory: 'stop' },
      documents: ['allowanceApproval'],
      rule:
        'the notice period is over; no open objection; no member active in another household (409 names it); ' +
        'creates the entitlement (rule version, inputs, amount, class, next re-verification, account from the online ' +
        'application)',
    },
    {
      code: 'reject',
      label: '不予批准',
      from: ['investigated', 'communityReviewed', 'townshipReviewed', 'onNotice'],
      to: 'rejected',
      roles: ['assistance_approver'],
      opinion: 'required',
      notBy: ['investigate'],
      documents: ['allowanceRefusal'],
    },
    {
      code: 'requestExtension',
      label: '延长审核期限',
      from: ['accepted', 'investigated', 'communityReviewed', 'townshipReviewed', 'onNotice'],
      roles: ['assistance_approver'],
      opinion: 'required',
      fields: [{ name: 'days', label: '延长工作日', type: 'integer', required: true, max: 15 }],
      clocks: { statutory: 'extend' },
    },
  ],
};
