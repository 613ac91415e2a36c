import { z } from 'zod';
import { CalendarDate, CalendarMonth } from './dates.ts';
import { Created, defineEndpoint, Instant } from './endpoint.ts';

/**
 * 好差评: one review per finished case by its applicant (online with the receipt's query code or signed in;
 * on site on the clerk's pad), the published results, the reviews and appeals of the departments in reach,
 * and the monthly scorecards of the cadre assessment.
 */
const tags = ['evaluation'];

export const EvaluationChannel = z.enum(['onSite', 'online']);
export type EvaluationChannel = z.infer<typeof EvaluationChannel>;

/** The published results are grouped by department, window, staff member or item. */
export const EVALUATION_DIMENSIONS = ['department', 'window', 'staff', 'item'] as const;
export const EvaluationDimension = z.enum(EVALUATION_DIMENSIONS);
export type EvaluationDimension = z.infer<typeof EvaluationDimension>;

/** Online, the resident names her case by its number and the receipt's query code (or is signed in as its applicant). */
export const EvaluationCredentials = z.object({ number: z.string().max(40), queryCode: z.string().max(20).optional() });
export type EvaluationCredentials = z.infer<typeof EvaluationCredentials>;

/**
 * A review. Online, the resident names her case by its number and the receipt's query code (or is
 * signed in as its applicant); on site, the pad at the window runs in the clerk's session and the
 * number is enough. The channel is the route's, never the client's word.
 */
export const EvaluateRequest = z.object({
  number: z.string().trim().min(1).max(40),
  queryCode: z.string().trim().max(20).optional(),
  level: z.number().int().min(1).max(5),
  subScores: z.record(z.string(), z.number().int().min(1).max(5)).default({}),
  comment: z.string().trim().max(500).optional(),
});
export type EvaluateRequest = z.output<typeof EvaluateRequest>;

/** Whether a case may still be rated: one review per case, whatever the channel. */
export const EvaluationStatus = z.object({
  number: z.string(),
  title: z.string(),
  finished: z.boolean(),
  rated: z.boolean(),
  given: z.array(z.object({ channel: EvaluationChannel, level: z.number(), label: z.string() })),
});
export type EvaluationStatus = z.infer<typeof EvaluationStatus>;

/** A review given; a bad one (level 1 or 2) opened its rectification work order. */
export const EvaluationGiven = z.object({
  id: z.string(),
  level: z.number(),
  label: z.string(),
  rectificationCase: z.string().nullable(),
});
export type EvaluationGiven = z.infer<typeof EvaluationGiven>;

export const EvaluationResultsQuery = z.object({
  by: EvaluationDimension.default('department'),
  from: CalendarDate,
  to: CalendarDate,
});
export type EvaluationResultsQuery = z.infer<typeof EvaluationResultsQuery>;

/** The figures of one group: the counted reviews by level, the satisfaction and rectification rates. */
export const EvaluationResultRow = z.object({
  key: z.string(),
  label: z.string(),
  total: z.number(),
  levels: z.object({ 1: z.number(), 2: z.number(), 3: z.number(), 4: z.number(), 5: z.number() }),
  /** services never rated, counted as 满意 once the rating window passed (as the policy says) */
  unratedCounted: z.number(),
  /** reviews left out by an upheld appeal */
  excluded: z.number(),
  bad: z.number(),
  rectified: z.number(),
  satisfied: z.number(),
  satisfactionRate: z.number().nullable(),
  rectificationRate: z.number().nullable(),
});
export type EvaluationResultRow = z.infer<typeof EvaluationResultRow>;

export const EvaluationReviewQuery = z.object({
  level: z.coerce.number().int().min(1).max(5).optional(),
  from: CalendarDate.optional(),
  to: CalendarDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type EvaluationReviewQuery = z.infer<typeof EvaluationReviewQuery>;

export const EvaluationAppealDecision = z.enum(['upheld', 'rejected']);
export type EvaluationAppealDecision = z.infer<typeof EvaluationAppealDecision>;

/** A review of a department in reach, newest first; the resident is not named. */
export const EvaluationReview = z.object({
  id: z.string(),
  channel: EvaluationChannel,
  level: z.number(),
  subScores: z.record(z.string(), z.number()),
  comment: z.string().nullable(),
  windowName: z.string().nullable(),
  itemCode: z.string().nullable(),
  createdAt: Instant,
  caseNumber: z.string(),
  caseTitle: z.string(),
  department: z.string(),
  staff: z.string().nullable(),
  rectificationCaseId: z.string().nullable(),
  rectificationNumber: z.string().nullable(),
  rectificationStatus: z.string().nullable(),
  appealId: z.string().nullable(),
  appealReason: z.string().nullable(),
  appealDecision: EvaluationAppealDecision.nullable(),
});
export type EvaluationReview = z.infer<typeof EvaluationReview>;

export const ScorecardsQuery = z.object({
  month: CalendarMonth,
  by: z.enum(['staff', 'window']).default('staff'),
  /** json: the rows; xlsx or csv: the sheet for the cadre assessment, as a file */
  format: z.enum(['json', 'xlsx', 'csv']).default('json'),
});
export type ScorecardsQuery = z.infer<typeof ScorecardsQuery>;

/** A staff member's month: cases handled, closed and on time, reviews, bad ones rectified, complaints. */
export const StaffScorecard = z.object({
  staffId: z.string(),
  staff: z.string(),
  department: z.string(),
  handled: z.number(),
  closed: z.number(),
  onTime: z.number(),
  onTimeRate: z.number().nullable(),
  reviews: z.number(),
  satisfied: z.number(),
  satisfactionRate: z.number().nullable(),
  bad: z.number(),
  rectified: z.number(),
  complaints: z.number(),
});
export type StaffScorecard = z.infer<typeof StaffScorecard>;

/** A window's month: numbers served and absent, the median wait in minutes, cases, and its reviews. */
export const WindowScorecard = z.object({
  windowId: z.string(),
  department: z.string(),
  window: z.string(),
  served: z.number(),
  noShow: z.number(),
  medianWait: z.number().nullable(),
  cases: z.number(),
  reviews: z.number(),
  satisfied: z.number(),
  satisfactionRate: z.number().nullable(),
  bad: z.number(),
  rectified: z.number(),
});
export type WindowScorecard = z.infer<typeof WindowScorecard>;

export const PendingEvaluationAppeal = z.object({
  id: z.string(),
  reason: z.string(),
  filedAt: Instant,
  filedBy: z.string(),
  level: z.number(),
  comment: z.string().nullable(),
  caseNumber: z.string(),
  department: z.string(),
});
export type PendingEvaluationAppeal = z.infer<typeof PendingEvaluationAppeal>;

export const DecideEvaluationAppeal = z.object({
  decision: EvaluationAppealDecision,
  note: z.string().max(1000).default(''),
});
export type DecideEvaluationAppeal = z.infer<typeof DecideEvaluationAppeal>;

const byId = z.object({ id: z.uuid() });

export const evaluation = {
  publicStatus: defineEndpoint({
    method: 'GET',
    path: '/public/evaluations/status',
    tags: ['public'],
    summary:
      '可否评价 Whether a finished service can still be rated (number + query code, or signed in as its applicant)',
    query: EvaluationCredentials,
    response: EvaluationStatus,
  }),
  evaluate: defineEndpoint({
    method: 'POST',
    path: '/public/evaluations',
    tags: ['public'],
    summary:
      '好差评 Rate a finished service online: its applicant only (number + query code, or signed in), once per case, never edited',
    body: EvaluateRequest,
    response: EvaluationGiven,
    status: 201,
  }),
  // the pad at the window: the resident rates in front of the clerk, whose session vouches for the case
  onSiteStatus: defineEndpoint({
    method: 'GET',
    path: '/evaluations/on-site',
    tags,
    summary: '现场评价（评价器） Whether a case served at this window can still be rated',
    query: z.object({ number: z.string().max(40) }),
    response: EvaluationStatus,
  }),
  evaluateOnSite: defineEndpoint({
    method: 'POST',
    path: '/evaluations/on-site',
    tags,
    summary:
      "现场评价（评价器） The resident rates a finished service at the window, on the clerk's pad; once per case",
    body: EvaluateRequest,
    response: EvaluationGiven,
    status: 201,
  }),
  publicResults: defineEndpoint({
    method: 'GET',
    path: '/public/evaluations/results',
    tags: ['public'],
    summary: '好差评公示 Published results by department, window, staff member or item',
    query: EvaluationResultsQuery,
    response: z.array(EvaluationResultRow),
  }),
  list: defineEndpoint({
    method: 'GET',
    path: '/evaluations',
    tags,
    summary: '评价明细 Reviews of the departments in reach',
    query: EvaluationReviewQuery,
    response: z.array(EvaluationReview),
  }),
  results: defineEndpoint({
    method: 'GET',
    path: '/evaluations/results',
    tags,
    summary: '评价统计 Results of the departments in reach',
    query: EvaluationResultsQuery,
    response: z.array(EvaluationResultRow),
  }),
  scorecards: defineEndpoint({
    method: 'GET',
    path: '/evaluations/scorecards',
    tags,
    summary:
      '月度考核表 Monthly staff or window scorecards (cases, on time, satisfaction, bad reviews rectified, complaints); JSON, or Excel for the cadre assessment (format=xlsx or csv: the sheet as a file)',
    query: ScorecardsQuery,
    response: z.union([z.array(StaffScorecard), z.array(WindowScorecard)]),
  }),
  appeal: defineEndpoint({
    method: 'POST',
    path: '/evaluations/:id/appeal',
    tags,
    summary: '差评申诉 Appeal an unfair review',
    params: byId,
    body: z.object({ reason: z.string().max(1000) }),
    response: Created,
    status: 201,
  }),
  appeals: defineEndpoint({
    method: 'GET',
    path: '/evaluations/appeals',
    tags,
    summary: '待审申诉 Appeals waiting for a decision',
    response: z.array(PendingEvaluationAppeal),
  }),
  decideAppeal: defineEndpoint({
    method: 'POST',
    path: '/evaluations/appeals/:id/decision',
    tags,
    summary: '审核申诉 Uphold (the review leaves the figures) or reject',
    params: byId,
    body: DecideEvaluationAppeal,
    response: z.object({ id: z.string(), decision: EvaluationAppealDecision }),
  }),
};
