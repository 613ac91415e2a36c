import type { CaseTypeInput } from '../../core/cases/case-type.ts';

/**
 * 一般事项申请: the demo case type, so the engine can be tried before the domain modules exist.
 * accept → review → decide → close, with a request for missing materials (补正) that pauses the
 * clock until they are supplied, and an extension through an approval action.
 */
export const serviceApplicationType: CaseTypeInput = {
  code: 'service_application',
  numberPrefix: 'SQ',
  name: '一般事项申请',
  nameEn: 'Service application',
  description: 'The demo case type, so the engine can be tried before the domain modules exist.',
  documentTitles: { receipt: '受理回执', oneTimeNotice: '一次性告知书' },
  initialState: 'received',
  states: {
    received: { label: '已接件' },
    accepted: { label: '已受理' },
    awaitingMaterials: { label: '待补正' },
    reviewed: { label: '已审核' },
    decided: { label: '已决定' },
    closed: { label: '已办结', final: true },
    refused: { label: '不予受理', final: true },
  },
  openRoles: ['window_clerk', 'community_worker'],
  openFields: [{ name: 'item', label: '申请事项', type: 'string', required: true, max: 100 }],
  clocks: [
    {
      code: 'promised',
      label: '承诺时限',
      kind: 'promised',
      unit: 'working',
      limitDays: 5,
      maxExtensionDays: 5,
      dueSoonShare: 0.6,
      legalBasis:
        "the office's own promise (承诺时限), published in its service guide; shorter than the statutory limit",
    },
    {
      code: 'statutory',
      label: '法定时限',
      kind: 'statutory',
      unit: 'working',
      limitDays: 20,
      maxExtensionDays: 10,
      dueSoonShare: 0.8,
      // an administrative licence's limit, the commonest statutory one
      legalBasis:
        "《中华人民共和国行政许可法》第四十二条 (decided within 20 days of acceptance; 10 more with the head's approval) " +
        'and 第八十二条 (the days are working days)',
    },
  ],
  actions: [
    {
      code: 'accept',
      label: '受理',
      from: ['received'],
      to: 'accepted',
      roles: ['window_clerk', 'community_worker'],
      opinion: 'optional',
      clocks: { promised: 'start', statutory: 'start' },
      documents: ['receipt'],
    },
    {
      code: 'refuse',
      label: '不予受理',
      from: ['received'],
      to: 'refused',
      roles: ['window_clerk', 'community_worker'],
      opinion: 'required',
    },
    {
      code: 'requestMaterials',
      label: '一次性告知补正',
      from: ['accepted'],
      to: 'awaitingMaterials',
      roles: ['window_clerk', 'reviewer'],
      fields: [{ name: 'missingMaterials', label: '需补正材料', type: 'stringList', required: true }],
      opinion: 'optional',
      setFlags: ['materialsPending'],
      clocks: { promised: 'pause', statutory: 'pause' },
      documents: ['oneTimeNotice'],
    },
    {
      code: 'supplyMaterials',
      label: '补正材料',
      from: ['awaitingMaterials'],
      to: 'accepted',
      roles: ['window_clerk', 'reviewer'],
      clearFlags: ['materialsPending'],
      clocks: { promised: 'resume', statutory: 'resume' },
    },
    {
      code: 'review',
      label: '审核',
      from: ['accepted'],
      to: 'reviewed',
      roles: ['reviewer', 'department_head'],
      opinion: 'required',
      fields: [
        { name: 'recommendation', label: '审核意见', type: 'enum', options: ['approve', 'reject'], required: true },
      ],
    },
    {
      code: 'requestExtension',
      label: '申请延期',
      from: ['accepted', 'reviewed'],
      roles: ['reviewer'],
      opinion: 'required',
      fields: [{ name: 'days', label: '延长天数', type: 'integer', required: true, max: 10 }],
      setFlags: ['extensionRequested'],
    },
    {
      code: 'approveExtension',
      label: '批准延期',
      from: ['accepted', 'reviewed'],
      roles: ['department_head'],
      opinion: 'optional',
      fields: [{ name: 'days', label: '延长天数', type: 'integer', required: true, max: 10 }],
      clearFlags: ['extensionRequested'],
      clocks: { promised: 'extend', statutory: 'extend' },
    },
    {
      code: 'decide',
      label: '决定',
      from: ['reviewed'],
      to: 'decided',
      roles: ['reviewer', 'department_head'],
      opinion: 'required',
      fields: [{ name: 'decision', label: '决定', type: 'enum', options: ['approved', 'rejected'], required: true }],
    },
    {
      code: 'close',
      label: '办结',
      from: ['decided'],
      to: 'closed',
      roles: ['window_clerk', 'reviewer', 'department_head'],
      opinion: 'optional',
    },
  ],
};
