import type { CaseHooks, CaseTypeInput } from '../../core/cases/case-type.ts';
import { conflict } from '../../core/errors.ts';

const OFFICE = ['department_head', 'assistance_worker', 'reviewer', 'community_worker'];

/**
 * 事先征求意见: property tenders, owners' committee elections, hiring or changing the property
 * company and qualification upgrades ask the sub-district office's opinion before they proceed (the
 * seeds' 朝阳区 rule). The matter cannot be recorded as proceeding without the opinion, nor
 * against a "disagree" opinion.
 */
export const priorConsultationType: CaseTypeInput = {
  code: 'prior_consultation',
  numberPrefix: 'ZY',
  name: '物业事项事先征求意见',
  nameEn: 'Prior consultation on a property matter',
  description:
    'Opened on the organisation concerned (usually the property company; the engine refuses any other kind of ' +
    'subject) by the sub-district office, the community or the civil-affairs staff, for a property tender, an ' +
    'owners’ committee election, hiring or changing the property company, or a qualification upgrade.',
  legalBasis: 'the seeds’ 朝阳区 rule: these matters ask the sub-district office’s opinion before they proceed',
  initialState: 'requested',
  states: {
    requested: { label: '待出具意见' },
    opinionGiven: { label: '已出具意见' },
    proceeded: { label: '已实施', final: true },
    withdrawn: { label: '已撤回', final: true },
  },
  openRoles: OFFICE,
  openSubject: 'organisation',
  openFields: [
    {
      name: 'matter',
      label: '事项',
      type: 'enum',
      options: ['propertyTender', 'ownersCommitteeElection', 'propertyCompanyChange', 'qualificationUpgrade'],
      required: true,
    },
    { name: 'description', label: '事项说明', type: 'text', required: true, max: 2000 },
  ],
  // county practice, configurable (GRASSROOTS_CLOCK_LIMITS prior_consultation.opinion)
  clocks: [
    {
      code: 'opinion',
      label: '出具意见时限',
      kind: 'promised',
      unit: 'working',
      limitDays: 10,
      startsOnOpen: true,
      dueSoonShare: 0.7,
      legalBasis: 'county practice, not statutory',
    },
  ],
  actions: [
    {
      code: 'giveOpinion',
      label: '出具意见',
      from: ['requested'],
      to: 'opinionGiven',
      roles: ['department_head', 'assistance_worker', 'reviewer'],
      opinion: 'required',
      clocks: { opinion: 'stop' },
      fields: [
        {
          name: 'position',
          label: '意见结论',
          type: 'enum',
          options: ['agree', 'agreeWithConditions', 'disagree'],
          required: true,
        },
      ],
    },
    {
      code: 'proceed',
      label: '记录实施',
      from: ['opinionGiven'],
      to: 'proceeded',
      roles: OFFICE,
      opinion: 'optional',
      rule: 'refused 409 `opinion_disagrees` after 不同意',
    },
    {
      code: 'withdraw',
      label: '撤回',
      from: ['requested', 'opinionGiven'],
      to: 'withdrawn',
      roles: OFFICE,
      opinion: 'required',
    },
  ],
};

export const priorConsultationHooks: CaseHooks = {
  async beforeAction(_tx, ctx) {
    if (ctx.action !== 'proceed') return;
    const opinion = ctx.log.findLast((a) => a.action === 'giveOpinion');
    if ((opinion?.inputs.fields as { position?: string } | undefined)?.position === 'disagree') {
      throw conflict(
        'opinion_disagrees',
        '街道办事处意见为不同意，该事项不能实施',
        'The sub-district office disagreed: the matter does not proceed',
      );
    }
  },
};
