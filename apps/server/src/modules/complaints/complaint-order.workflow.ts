import { COMPLAINT_CHANNELS } from '@grassroots/contracts';
import type { CaseHooks, CaseTypeInput } from '../../core/cases/case-type.ts';
import { conflict } from '../../core/errors.ts';

/** where a matter came in: hotline, web, portal, letter (scanned), visit, media report, leader's mailbox, an Open311 client */
export const CHANNELS = COMPLAINT_CHANNELS;

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
  description:
    'The 12345 chain. Registered by the coordination centre (`complaint_operator`) from any channel — hotline, ' +
    'web, portal, letter, visit, media, leader’s mailbox — or filed by a resident or an Open311 client (the system ' +
    'opens it in the centre). The matter is the case’s subject (`complaints` row: category, place, parties, the ' +
    'complainant’s phone SM4-encrypted with a blind index), so an anonymous or out-of-county complainant is no ' +
    'obstacle. Intake shows open matters of the same complainant, place or party. Files come with the matter on ' +
    'the opening entry of the log: a letter’s scan or photos from the operator, photos only (PNG, JPEG, recognised ' +
    'by their bytes) from a resident on the portal, who sees her own photos on `/complaints`; staff see them on ' +
    'the order like any attachment.\n\n' +
    'A matter cannot close without a reply with a result and a callback (事事有回音，件件有结果). Overdue orders ' +
    'escalate once per step (`escalation.ts`, every morning): 1 working day over → 催办 to the lead department; ' +
    '3 → 督办通知, supervisors told; 10 → 通报批评, an entry the departments’ assessment counts ' +
    '(`complaint_escalations`).',
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
    {
      code: 'sign',
      label: '签收时限',
      kind: 'promised',
      unit: 'working',
      limitDays: 1,
      dueSoonShare: 0.5,
      legalBasis: '12345 hotline practice, not statute',
    },
    {
      code: 'handle',
      label: '办理时限',
      kind: 'promised',
      unit: 'working',
      limitDays: 15,
      maxExtensionDays: 15,
      dueSoonShare: 0.7,
      legalBasis: '12345 hotline practice, not statute',
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
      rule: 'the opinion names the route to follow',
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
      rule: 'with the engine’s `setAssisting` and `transfer`, in one command',
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
      rule: 'with a `transfer` back to the dispatcher; refused 409 `send_back_too_late` after `GRASSROOTS_SEND_BACK_DAYS` (default 1 day)',
    },
    {
      code: 'extend',
      label: '延期（经批准）',
      from: ['signed'],
      roles: OPERATOR,
      opinion: 'required',
      fields: [{ name: 'days', label: '延长天数', type: 'integer', required: true, max: 15 }],
      clocks: { handle: 'extend' },
      rule: 'the centre approves the lead department’s request',
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
      rule: 'only after a dissatisfied callback (409 `reopen_needs_dissatisfied`), once (409 `reopened_once`)',
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
