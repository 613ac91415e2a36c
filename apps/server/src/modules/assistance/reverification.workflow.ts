import type { CaseTypeInput } from '../../core/cases/case-type.ts';

/**
 * 定期核查 of an enrolled household, opened by the system when its class's interval comes round
 * (and by a worker at any time): a new home visit and means test, then a decision — continue,
 * adjust the amount, or end — taken by someone other than the investigator.
 */
export const reverificationType: CaseTypeInput = {
  code: 'allowance_reverification',
  numberPrefix: 'HC',
  name: '低保定期核查',
  nameEn: 'Minimum allowance re-verification',
  description:
    'Opened by the system (`assistance.reverification_scan`, nightly at 01:30 Beijing time, and ' +
    '`grassroots assistance reverify [--horizon DAYS]`) for every active entitlement whose `next_reverification` ' +
    'falls within 30 days and that has no open re-verification, owned by the township office above the household ' +
    '(or the civil-affairs bureau). Also opened by hand by a 民政助理员.',
  initialState: 'due',
  states: {
    due: { label: '待核查' },
    investigated: { label: '已入户核查' },
    decided: { label: '已核查', final: true },
  },
  openRoles: ['assistance_worker'],
  openSubject: 'household',
  openFields: [{ name: 'entitlementId', label: '保障对象', type: 'string', required: true, max: 36 }],
  clocks: [
    // county practice, not a statutory limit: the re-verification is done within a month of falling due
    {
      code: 'promised',
      label: '核查时限',
      kind: 'promised',
      unit: 'working',
      limitDays: 20,
      maxExtensionDays: 10,
      dueSoonShare: 0.7,
      legalBasis: 'county practice, not statutory: the re-verification is done within a month of falling due',
    },
  ],
  actions: [
    {
      code: 'investigate',
      label: '入户核查',
      from: ['due'],
      to: 'investigated',
      roles: ['community_worker', 'assistance_worker'],
      attachments: 'required',
      fields: [{ name: 'investigation', label: '调查记录', type: 'object', required: true }],
      clocks: { promised: 'start' },
      rule: 'the same investigation record and arithmetic as the application, under the rule in force now; a photo',
    },
    {
      code: 'decide',
      label: '核查决定',
      from: ['investigated'],
      to: 'decided',
      roles: ['assistance_worker', 'assistance_approver'],
      opinion: 'required',
      fields: [
        {
          name: 'outcome',
          label: '核查结论',
          type: 'enum',
          options: ['continue', 'adjust', 'terminate'],
          required: true,
        },
        { name: 'classCode', label: '分类管理类别', type: 'enum', options: ['A', 'B', 'C'], required: true },
      ],
      notBy: ['investigate'],
      rule:
        'outcome `continue` (续保登记: class and next date set), `adjust` (the new amount, rule version and inputs ' +
        'replace the old, with an increase or decrease notice), or `terminate` (with its notice); an ineligible ' +
        'household cannot be continued',
    },
  ],
};
