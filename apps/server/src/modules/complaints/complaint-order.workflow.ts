import type { CaseHooks, CaseTypeInput } from '../../core/cases/case-type.ts';
import { conflict } from '../../core/errors.ts';

/** where a matter came in: hotline, web, portal, letter (scanned), visit, media report, leader's mailbox, an Open311 client */
export const CHANNELS = ['hotline', 'web', 'portal', 'letter', 'visit', 'media', 'mailbox', 'open311'] as const;

const OPERATOR = ['complaint_operator'];
/** whoever works in a department an order is dispatched to */
const HANDLERS = [
  'reviewer',
  'department_head',
  'window_clerk',
  'community_worker',
  'assistance_worker',
  'assistance_approver',
];

/**
 * 诉求工单, the 12345 chain: the coordination centre registers a matter from any channel and
 * dispatches it to a lead department (with assisting ones); the lead signs for it within its limit
 * or sends it back with a reason; handles and replies with a recorded result; the centre calls the
 * complainant back and closes — never without a reply and a result (事事有回音，件件有结果); a
 * dissatisfied callback reopens it once. Matters already in petition, litigation or arbitration are
 * refused with the route to follow.
 */
export const complaintOrderType: CaseTypeInput = {
  code: 'complaint_order',
  numberPrefix: 'GD',
  name: '诉求工单',
  nameEn: 'Complaint work order',
  initialState: 'received',
  states: {
    received: { label: '已登记' },
    dispatched: { label: '已派单' },
    signed: { label: '办理中' },
    replied: { label: '已答复' },
    calledBack: { label: '已回访' },
    closed: { label: '已办结', final: true },
    refused: { label: '不予受理', final: true },
  },
  openRoles: OPERATOR,
  openSubject: 'complaint',
  openFields: [
    { name: 'category', label: '诉求分类', type: 'string', required: true, max: 60 },
    { name: 'channel', label: '来源渠道', type: 'enum', options: [...CHANNELS], required: true },
  ],
  clocks: [
    // 12345 practice, configurable per deployment (GRASSROOTS_CLOCK_LIMITS complaint_order.sign / .handle)
    { code: 'sign', label: '签收时限', kind: 'promised', unit: 'working', limitDays: 1, dueSoonShare: 0.5 },
    {
      code: 'handle',
      label: '办理时限',
      kind: 'promised',
      unit: 'working',
      limitDays: 15,
      maxExtensionDays: 15,
      dueSoonShare: 0.7,
    },
  ],
  actions: [
    {
      code: 'refuseOtherProcedure',
      label: '不予受理（已在其他程序中）',
      from: ['received'],
      to: 'refused',
      roles: OPERATOR,
      opinion: 'required',
      fields: [
        {
          name: 'procedure',
          label: '已进入的程序',
          type: 'enum',
          options: ['petition', 'litigation', 'arbitration', 'administrativeReview'],
          required: true,
        },
      ],
    },
    {
      code: 'dispatch',
      label: '派单',
      from: ['received'],
      to: 'dispatched',
      roles: OPERATOR,
      opinion: 'optional',
      clocks: { sign: 'restart' },
      via: '/complaints/:id/dispatch',
      fields: [
        { name: 'leadDepartmentId', label: '主办部门', type: 'department', required: true },
        { name: 'assistingDepartmentIds', label: '协办部门', type: 'stringList', required: false },
      ],
    },
    {
      code: 'signFor',
      label: '签收',
      from: ['dispatched'],
      to: 'signed',
      roles: HANDLERS,
      clocks: { sign: 'stop', handle: 'start' },
    },
    {
      code: 'sendBack',
      label: '退单',
      from: ['dispatched'],
      to: 'received',
      roles: HANDLERS,
      opinion: 'required',
      clocks: { sign: 'stop' },
      via: '/complaints/:id/send-back',
    },
    {
      code: 'extend',
      label: '延期（经批准）',
      from: ['signed'],
      roles: OPERATOR,
      opinion: 'required',
      fields: [{ name: 'days', label: '延长天数', type: 'integer', required: true, max: 15 }],
      clocks: { handle: 'extend' },
    },
    {
      code: 'reply',
      label: '答复',
      from: ['signed'],
      to: 'replied',
      roles: HANDLERS,
      opinion: 'optional',
      setFlags: ['replied'],
      clocks: { handle: 'stop' },
      fields: [
        { name: 'reply', label: '答复内容', type: 'text', required: true, max: 4000 },
        {
          name: 'result',
          label: '办理结果',
          type: 'enum',
          options: ['resolved', 'partlyResolved', 'explained', 'notResolvable'],
          required: true,
        },
      ],
    },
    {
      // the operator calls back, or the complainant answers on the portal herself
      code: 'callback',
      label: '回访',
      from: ['replied'],
      to: 'calledBack',
      roles: [...OPERATOR, 'resident'],
      opinion: 'required',
      fields: [
        {
          name: 'satisfaction',
          label: '回访满意度',
          type: 'enum',
          options: ['satisfied', 'basicallySatisfied', 'dissatisfied', 'unreachable'],
          required: true,
        },
      ],
    },
    {
      code: 'reopen',
      label: '重新办理（回访不满意）',
      from: ['calledBack'],
      to: 'signed',
      roles: OPERATOR,
      opinion: 'required',
      clearFlags: ['replied'],
      clocks: { handle: 'restart' },
    },
    { code: 'close', label: '办结', from: ['calledBack'], to: 'closed', roles: OPERATOR, opinion: 'optional' },
  ],
};

/** Refusals the data cannot say: send back only in time; reopen once, only after a dissatisfied callback. */
export function complaintOrderHooks(sendBackDays: () => number): CaseHooks {
  return {
    async beforeAction(_tx, ctx) {
      const lastCallback = ctx.log.findLast((a) => a.action === 'callback');
      const satisfaction = (lastCallback?.inputs.fields as { satisfaction?: string } | undefined)?.satisfaction;
      if (ctx.action === 'sendBack') {
        const dispatchedOn = ctx.log.findLast((a) => a.action === 'dispatch')!.at;
        const days = (ctx.at.getTime() - dispatchedOn.getTime()) / 86_400_000;
        if (days > sendBackDays())
          throw conflict(
            'send_back_too_late',
            `派单已超过 ${sendBackDays()} 天，不能退单，请办理或申请改派`,
            `More than ${sendBackDays()} day(s) since dispatch: handle it or ask the centre to reassign`,
          );
      }
      if (ctx.action === 'reopen') {
        if (satisfaction !== 'dissatisfied')
          throw conflict(
            'reopen_needs_dissatisfied',
            '只有回访不满意的诉求才能重新办理',
            'Only a matter the complainant is dissatisfied with is reopened',
          );
        if (ctx.log.some((a) => a.action === 'reopen'))
          throw conflict(
            'reopened_once',
            '该诉求已重新办理过一次，请办结并如实记录满意度',
            'Reopened once already: close it with the satisfaction recorded',
          );
      }
    },
  };
}
