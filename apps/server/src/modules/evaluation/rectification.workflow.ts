import type { CaseHooks, CaseTypeInput } from '../../core/cases/case-type.ts';
import { conflict } from '../../core/errors.ts';

const STAFF = ['department_head', 'reviewer', 'window_clerk'];

/**
 * 差评整改: the work order a bad review opens by itself, owned by the department that served. It is
 * checked, rectified, and the resident is called back before it closes; the limit (15 working days
 * by default) runs from the review and is set per deployment as
 * GRASSROOTS_CLOCK_LIMITS={"bad_review_rectification.rectification": N}.
 */
export const rectificationType: CaseTypeInput = {
  code: 'bad_review_rectification',
  numberPrefix: 'ZG',
  name: '差评整改',
  nameEn: 'Bad review rectification',
  description:
    'Opened by the evaluation itself (never by hand) when a resident rates a service 不满意 or 非常不满意 (好差评), ' +
    'owned by the department that served, and the centre’s department heads are notified. The mechanism: every ' +
    'bad review checked, rectified and called back (实名差评回访整改率 100%).',
  legalBasis: '国务院办公厅《关于建立政务服务"好差评"制度提高政务服务水平的意见》（国办发〔2019〕51号）',
  initialState: 'open',
  states: {
    open: { label: '待核实' },
    verified: { label: '已核实' },
    rectified: { label: '已整改' },
    closed: { label: '已办结', final: true },
  },
  // opened by the evaluation system, never by hand
  openRoles: ['department_head'],
  openFields: [
    { name: 'evaluatedCase', label: '被评价办件', type: 'string', required: true, max: 40 },
    { name: 'level', label: '评价等级', type: 'integer', required: true, max: 5 },
    { name: 'channel', label: '评价渠道', type: 'enum', options: ['onSite', 'online'], required: true },
    { name: 'comment', label: '评价内容', type: 'text', required: false, max: 500 },
  ],
  clocks: [
    {
      code: 'rectification',
      label: '整改时限',
      kind: 'statutory',
      unit: 'working',
      limitDays: 15,
      startsOnOpen: true,
      dueSoonShare: 0.6,
      legalBasis:
        'the common provincial rule implementing 国办发〔2019〕51号 that the spec names (`../shared/spec/domain.md`, ' +
        'instant evaluation): 15 working days from the review; to be checked against the province’s own',
    },
  ],
  actions: [
    {
      code: 'verify',
      label: '核实',
      from: ['open'],
      to: 'verified',
      roles: STAFF,
      opinion: 'required',
      fields: [
        {
          name: 'finding',
          label: '核实结论',
          type: 'enum',
          options: ['founded', 'partlyFounded', 'unfounded'],
          required: true,
        },
      ],
    },
    {
      code: 'rectify',
      label: '整改',
      from: ['verified', 'rectified'],
      to: 'rectified',
      roles: STAFF,
      opinion: 'optional',
      fields: [{ name: 'measures', label: '整改措施', type: 'text', required: true, max: 2000 }],
    },
    {
      code: 'callback',
      label: '回访',
      from: ['rectified'],
      roles: STAFF,
      opinion: 'required',
      setFlags: ['calledBack'],
      fields: [
        {
          name: 'satisfied',
          label: '回访结果',
          type: 'enum',
          options: ['satisfied', 'basicallySatisfied', 'dissatisfied'],
          required: true,
        },
      ],
    },
    {
      code: 'close',
      label: '办结',
      from: ['rectified'],
      to: 'closed',
      roles: ['department_head'],
      opinion: 'optional',
      clocks: { rectification: 'stop' },
      rule:
        'refused 409 `callback_required` without a callback after the last rectification, or ' +
        '`callback_dissatisfied` when that callback was dissatisfied',
    },
  ],
};

/** A work order closes only after a callback, and not while the last callback found the resident dissatisfied. */
export const rectificationHooks: CaseHooks = {
  async beforeAction(_tx, ctx) {
    if (ctx.action !== 'close') return;
    const lastRectify = ctx.log.findLast((a) => a.action === 'rectify')?.seq ?? 0;
    const callback = ctx.log.findLast((a) => a.action === 'callback' && a.seq > lastRectify);
    if (!callback)
      throw conflict(
        'callback_required',
        '整改后须回访群众，方可办结',
        'Call the resident back after the rectification before closing',
      );
    if ((callback.inputs.fields as { satisfied?: string }).satisfied === 'dissatisfied') {
      throw conflict(
        'callback_dissatisfied',
        '回访不满意，请继续整改后再次回访',
        'The resident is not satisfied: rectify again and call back',
      );
    }
  },
};
