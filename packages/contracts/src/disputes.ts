import { z } from 'zod';
import { CalendarDate } from './dates.ts';
import { defineEndpoint, fileReply, Instant } from './endpoint.ts';

/**
 * 矛盾纠纷调解 and 四方联席会议: a dispute and every attempt to settle it (people's mediation at four
 * levels, administrative mediation, arbitration, litigation), an agreement as a numbered PDF followed up
 * until performed; and the community's four-party meetings with their minutes and action items.
 * A dispute's own record keeps the database's column names (snake_case) the console has always read.
 */
const tags = ['disputes'];

export const DisputeStatus = z.enum(['open', 'settled', 'closed']);
export type DisputeStatus = z.infer<typeof DisputeStatus>;
/** after too many attempts without agreement: for arbitration, or for the four-party meeting */
export const DisputeFlag = z.enum(['arbitration', 'fourParty']);
export type DisputeFlag = z.infer<typeof DisputeFlag>;
export const AttemptKind = z.enum(['peoplesMediation', 'administrativeMediation', 'arbitration', 'litigation']);
export type AttemptKind = z.infer<typeof AttemptKind>;
export const MediationLevel = z.enum(['city', 'district', 'subdistrict', 'community']);
export type MediationLevel = z.infer<typeof MediationLevel>;
export const AttemptResult = z.enum(['agreed', 'notAgreed', 'withdrawn', 'awarded', 'judged']);
export type AttemptResult = z.infer<typeof AttemptResult>;
export const AgreementPerformance = z.enum(['pending', 'performed', 'breached']);
export type AgreementPerformance = z.infer<typeof AgreementPerformance>;
export const MeetingKind = z.enum(['quarterly', 'halfYearSummary', 'adHoc']);
export type MeetingKind = z.infer<typeof MeetingKind>;

export const DisputeParty = z.object({
  kind: z.enum(['person', 'organisation']),
  id: z.uuid().optional(),
  name: z.string().trim().min(1).max(100),
  role: z.string().max(40).optional(),
});
export type DisputeParty = z.infer<typeof DisputeParty>;

export const NewDispute = z.object({
  title: z.string().trim().min(2).max(100),
  categoryCode: z.string().max(60),
  divisionCode: z.string().regex(/^\d{12}$/),
  parties: z.array(DisputeParty).min(2, '纠纷至少有两方当事人 / at least two parties').max(20),
  facts: z.string().trim().min(5).max(4000),
  complaintCaseId: z.uuid().optional(),
  previousDisputeId: z.uuid().optional(),
});
export type NewDispute = z.infer<typeof NewDispute>;

export const NewAttempt = z
  .object({
    kind: AttemptKind,
    level: MediationLevel.optional(),
    organ: z.string().trim().min(2).max(100),
    mediator: z.string().trim().min(1).max(60),
    onDate: CalendarDate,
    attendees: z.array(z.string().max(100)).max(20).default([]),
    result: AttemptResult,
    agreement: z.string().trim().max(4000).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.kind === 'peoplesMediation' && !a.level)
      ctx.addIssue({
        code: 'custom',
        path: ['level'],
        message: '人民调解须注明层级（市、区、街道、社区） / the level of the people’s mediation',
      });
    if (a.result === 'agreed' && !a.agreement)
      ctx.addIssue({ code: 'custom', path: ['agreement'], message: '达成协议须写明协议内容 / the terms agreed' });
    if (a.result === 'awarded' && a.kind !== 'arbitration')
      ctx.addIssue({ code: 'custom', path: ['result'], message: '裁决只适用于仲裁 / an award is for arbitration' });
    if (a.result === 'judged' && a.kind !== 'litigation')
      ctx.addIssue({ code: 'custom', path: ['result'], message: '判决只适用于诉讼 / a judgment is for litigation' });
  });
export type NewAttempt = z.infer<typeof NewAttempt>;

export const AttemptFollowUp = z.object({ performance: z.enum(['performed', 'breached']), note: z.string().max(2000) });
export type AttemptFollowUp = z.infer<typeof AttemptFollowUp>;

export const SimilarDisputesQuery = z.object({
  divisionCode: z.string().max(12),
  categoryCode: z.string().max(60),
  /** one party's name, or several (`?party=a&party=b`) */
  party: z.union([z.string(), z.array(z.string())]).transform((v) => [v].flat()),
});

export const DisputeRow = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: DisputeStatus,
  flagged: DisputeFlag.nullable(),
  createdAt: Instant,
  /** the division's name */
  division: z.string(),
  /** how many attempts so far */
  attempts: z.number(),
});
export type DisputeRow = z.infer<typeof DisputeRow>;

export const SimilarDispute = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: DisputeStatus,
  createdAt: Instant,
});
export type SimilarDispute = z.infer<typeof SimilarDispute>;

export const PendingAgreement = z.object({
  /** the attempt's id */
  id: z.string(),
  number: z.string(),
  title: z.string(),
  onDate: CalendarDate,
  confirmationDue: CalendarDate.nullable(),
  performance: AgreementPerformance.nullable(),
});
export type PendingAgreement = z.infer<typeof PendingAgreement>;

export const AttemptRow = z.object({
  id: z.string(),
  /** the record it was made on: this dispute or one it came back from */
  disputeNumber: z.string(),
  kind: AttemptKind,
  kindLabel: z.string(),
  level: MediationLevel.nullable(),
  organ: z.string(),
  mediator: z.string(),
  onDate: CalendarDate,
  result: AttemptResult,
  agreement: z.string().nullable(),
  documentId: z.string().nullable(),
  confirmationDue: CalendarDate.nullable(),
  performance: AgreementPerformance.nullable(),
});
export type AttemptRow = z.infer<typeof AttemptRow>;

export const DisputeDetail = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  category_code: z.string(),
  division_code: z.string(),
  parties: z.array(
    z.object({
      kind: z.enum(['person', 'organisation']),
      id: z.string().optional(),
      name: z.string(),
      role: z.string().optional(),
    }),
  ),
  facts: z.string(),
  complaint_case_id: z.string().nullable(),
  previous_dispute_id: z.string().nullable(),
  status: DisputeStatus,
  flagged: DisputeFlag.nullable(),
  created_by: z.string(),
  created_at: Instant,
  /** every attempt, those of the records it came back from too, in the order they happened */
  attempts: z.array(AttemptRow),
  failedAttempts: z.number(),
});
export type DisputeDetail = z.infer<typeof DisputeDetail>;

export const RecordedAttempt = z.object({
  id: z.string(),
  /** the agreement's numbered document */
  documentId: z.string().nullable(),
  /** the last day to ask the court for judicial confirmation (people's mediation agreed) */
  confirmationDue: CalendarDate.nullable(),
  failedAttempts: z.number(),
  flagged: DisputeFlag.nullable(),
});
export type RecordedAttempt = z.infer<typeof RecordedAttempt>;

const AgendaItem = z.object({
  title: z.string().trim().min(1).max(200),
  caseId: z.uuid().optional(),
  disputeId: z.uuid().optional(),
});

export const NewMeeting = z.object({
  divisionCode: z.string().regex(/^\d{12}$/),
  kind: MeetingKind,
  heldOn: CalendarDate,
  /** who attended for each of the four parties (社区党支部、居委会、业委会、物业公司) */
  attendees: z.object({
    partyBranch: z.string().trim().min(1, '四方均须到会 / all four parties attend').max(100),
    residentsCommittee: z.string().trim().min(1, '四方均须到会 / all four parties attend').max(100),
    ownersCommittee: z.string().trim().min(1, '四方均须到会 / all four parties attend').max(100),
    propertyCompany: z.string().trim().min(1, '四方均须到会 / all four parties attend').max(100),
  }),
  agenda: z.array(AgendaItem).min(1).max(50),
  minutes: z.string().trim().min(5).max(20000),
  actions: z
    .array(
      z.object({
        text: z.string().trim().min(2).max(500),
        owner: z.string().trim().min(1).max(100),
        due: CalendarDate,
      }),
    )
    .max(50)
    .default([]),
});
export type NewMeeting = z.infer<typeof NewMeeting>;

/** An agenda item as proposed or kept: a title, with the matter (case) or dispute it comes from. */
export const MeetingAgendaItem = z.object({
  title: z.string(),
  caseId: z.string().optional(),
  disputeId: z.string().optional(),
});
export type MeetingAgendaItem = z.infer<typeof MeetingAgendaItem>;

export const MeetingAction = z.object({
  id: z.string(),
  text: z.string(),
  owner: z.string(),
  due: CalendarDate,
  doneAt: Instant.nullable(),
  doneNote: z.string().nullable(),
});
export type MeetingAction = z.infer<typeof MeetingAction>;

export const HeldMeeting = z.object({
  id: z.string(),
  kind: MeetingKind,
  heldOn: CalendarDate,
  /** the community's name */
  community: z.string(),
  agenda: z.array(MeetingAgendaItem),
  /** the minutes' numbered document */
  documentId: z.string().nullable(),
  actions: z.array(MeetingAction),
});
export type HeldMeeting = z.infer<typeof HeldMeeting>;

const Community = z.object({ code: z.string(), name: z.string() });

export const MeetingsOwed = z.object({
  quarterStart: CalendarDate,
  withoutQuarterly: z.array(Community),
  withoutSummary: z.array(Community),
  overdueActions: z.array(
    z.object({ id: z.string(), text: z.string(), owner: z.string(), due: CalendarDate, community: z.string() }),
  ),
});
export type MeetingsOwed = z.infer<typeof MeetingsOwed>;

const byId = z.object({ id: z.uuid() });

export const disputes = {
  record: defineEndpoint({
    method: 'POST',
    path: '/disputes',
    tags,
    summary: '登记纠纷 Record a dispute (linked to its earlier record when it comes back)',
    body: NewDispute,
    response: z.object({ id: z.string(), number: z.string() }),
    status: 201,
  }),
  list: defineEndpoint({
    method: 'GET',
    path: '/disputes',
    tags,
    summary: '纠纷清单 Disputes in reach, open and flagged first',
    query: z.object({ status: DisputeStatus.optional() }),
    response: z.array(DisputeRow),
  }),
  similar: defineEndpoint({
    method: 'GET',
    path: '/disputes/similar',
    tags,
    summary: '同一纠纷 Earlier disputes with a party in common, same place and category',
    query: SimilarDisputesQuery,
    response: z.array(SimilarDispute),
  }),
  followUps: defineEndpoint({
    method: 'GET',
    path: '/disputes/follow-ups',
    tags,
    summary: '协议履行跟踪 Agreements awaiting follow-up, and those whose 30 days for judicial confirmation end soon',
    query: z.object({ withinDays: z.coerce.number().int().min(0).max(3650).default(7) }),
    response: z.array(PendingAgreement),
  }),
  history: defineEndpoint({
    method: 'GET',
    path: '/disputes/:id',
    tags,
    summary: '纠纷及其全部调处经过 A dispute with every attempt, those of its earlier records too',
    params: byId,
    response: DisputeDetail,
  }),
  addAttempt: defineEndpoint({
    method: 'POST',
    path: '/disputes/:id/attempts',
    tags,
    summary:
      '调处记录 An attempt: mediation (four levels), administrative mediation, arbitration, litigation; an agreement becomes a PDF',
    params: byId,
    body: NewAttempt,
    response: RecordedAttempt,
    status: 201,
  }),
  agreementPdf: defineEndpoint({
    method: 'GET',
    path: '/disputes/attempts/:id/agreement.pdf',
    tags,
    summary: '调解协议书 The agreement of an attempt, as a PDF',
    params: byId,
    response: fileReply('application/pdf', 'the mediation agreement, numbered, with its verification code'),
  }),
  followUp: defineEndpoint({
    method: 'POST',
    path: '/disputes/attempts/:id/follow-up',
    tags,
    summary: '履行回访 Record whether an agreement was performed (a breach reopens the dispute)',
    params: byId,
    body: AttemptFollowUp,
    response: z.object({ id: z.string(), performance: z.enum(['performed', 'breached']) }),
  }),
};

export const meetings = {
  agenda: defineEndpoint({
    method: 'GET',
    path: '/meetings/agenda',
    tags,
    summary: "联席会议议程 The community's open property matters and disputes",
    query: z.object({ divisionCode: z.string().max(12) }),
    response: z.array(MeetingAgendaItem),
  }),
  record: defineEndpoint({
    method: 'POST',
    path: '/meetings',
    tags,
    summary: '联席会议 Record a four-party meeting: attendees, agenda, minutes, action items',
    body: NewMeeting,
    response: z.object({ id: z.string(), documentId: z.string(), documentNumber: z.string() }),
    status: 201,
  }),
  list: defineEndpoint({
    method: 'GET',
    path: '/meetings',
    tags,
    summary: '联席会议 Recent meetings in reach, with their action items and minutes',
    response: z.array(HeldMeeting),
  }),
  minutesPdf: defineEndpoint({
    method: 'GET',
    path: '/meetings/:id/minutes.pdf',
    tags,
    summary: '会议纪要 The minutes of a meeting, as a PDF',
    params: byId,
    response: fileReply('application/pdf', 'the minutes, numbered, with their verification code'),
  }),
  done: defineEndpoint({
    method: 'POST',
    path: '/meetings/actions/:id/done',
    tags,
    summary: '事项完成 An action item done',
    params: byId,
    body: z.object({ note: z.string().max(2000) }),
    response: z.object({ id: z.string() }),
  }),
  owed: defineEndpoint({
    method: 'GET',
    path: '/meetings/owed',
    tags,
    summary:
      "应开未开 Communities without this quarter's meeting or this half-year's summary, and overdue action items",
    response: MeetingsOwed,
  }),
};
