import { z } from 'zod';
import { CalendarDate } from './dates.ts';
import { defineEndpoint, fileReply, Instant } from './endpoint.ts';

export const OpenCaseRequest = z.object({
  typeCode: z.string().min(1),
  title: z.string().min(1).max(200),
  subject: z.object({ type: z.enum(['person', 'household', 'organisation', 'complaint']), id: z.string().uuid() }),
  fields: z.record(z.string(), z.unknown()).default({}),
  /** files uploaded first (a scanned letter, photos), recorded on the opening entry */
  attachments: z
    .array(z.string().regex(/^[0-9a-f]{64}$/))
    .max(20)
    .optional(),
});
export type OpenCaseRequest = z.infer<typeof OpenCaseRequest>;

export const ActRequest = z.object({
  expectedVersion: z.number().int().min(1),
  fields: z.record(z.string(), z.unknown()).default({}),
  opinion: z.string().max(4000).optional(),
  attachments: z.array(z.string().regex(/^[0-9a-f]{64}$/)).default([]),
});
export type ActRequest = z.infer<typeof ActRequest>;

export const ClockView = z.object({
  code: z.string(),
  label: z.string(),
  unit: z.enum(['working', 'calendar']),
  limitDays: z.number(),
  extensionDays: z.number(),
  state: z.enum(['notStarted', 'running', 'paused', 'stopped']),
  usedDays: z.number(),
  startedOn: z.string().nullable(),
  dueDate: z.string().nullable(),
  dueSoonDate: z.string().nullable(),
  explanation: z.array(z.object({ on: z.string(), event: z.string(), text: z.string() })),
});
export type ClockView = z.infer<typeof ClockView>;

/**
 * 办件: the case types as the console draws their forms, the work lists, a case with its history, the
 * commands on a case and the files that belong to it.
 */
const tags = ['cases'];
const Sha = z.string().regex(/^[0-9a-f]{64}$/);

export const FieldSpec = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(['string', 'text', 'integer', 'date', 'enum', 'stringList', 'department', 'user', 'object']),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
  max: z.number().optional(),
});
export type FieldSpec = z.infer<typeof FieldSpec>;

/** An action's form: a type's own action (its states and, when it has its own route, `via`) or an engine action. */
export const ActionForm = z.object({
  code: z.string(),
  label: z.string(),
  fields: z.array(FieldSpec),
  opinion: z.enum(['required', 'optional', 'none']),
  attachments: z.enum(['required', 'optional', 'none']).optional(),
  from: z.array(z.string()).optional(),
  to: z.string().nullable().optional(),
  /** the action is taken only through this route (under /api/v1, `:id` the case) */
  via: z.string().optional(),
});
export type ActionForm = z.infer<typeof ActionForm>;

export const ClockSpec = z.object({
  code: z.string(),
  label: z.string(),
  kind: z.enum(['statutory', 'promised']),
  unit: z.enum(['working', 'calendar']),
  limitDays: z.number(),
  maxExtensionDays: z.number(),
  dueSoonShare: z.number(),
  limitField: z.string().optional(),
  unitField: z.string().optional(),
  startsOnOpen: z.boolean(),
  legalBasis: z.string().optional(),
});
export type ClockSpec = z.infer<typeof ClockSpec>;

export const CaseSubjectType = z.enum(['person', 'household', 'organisation', 'complaint']);

export const CaseTypeInfo = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  initialState: z.string(),
  states: z.record(z.string(), z.object({ label: z.string(), final: z.boolean() })),
  /** the one kind of subject the case is opened on; null, any */
  openSubject: CaseSubjectType.nullable(),
  openFields: z.array(FieldSpec),
  actions: z.array(ActionForm),
  engineActions: z.array(ActionForm),
  clocks: z.array(ClockSpec),
  /** the extra panels of this type's case page, by name (the web maps names to components) */
  panels: z.array(z.string()),
});
export type CaseTypeInfo = z.infer<typeof CaseTypeInfo>;

export const WorkListName = z.enum(['mine', 'department', 'dueSoon', 'overdue', 'all']);
export type WorkListName = z.infer<typeof WorkListName>;

export const WorkListQuery = z.object({
  list: WorkListName.default('department'),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  type: z.string().max(60).optional(),
  status: z.string().max(60).optional(),
  /** the division and everything under it */
  division: z
    .string()
    .regex(/^\d{6,15}$/)
    .optional(),
  openedFrom: CalendarDate.optional(),
  openedTo: CalendarDate.optional(),
  /** due: earliest due first; opened: newest first */
  sort: z.enum(['due', 'opened']).default('due'),
});
export type WorkListQuery = z.infer<typeof WorkListQuery>;

export const WorkListItem = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.string(),
  dueDate: z.string().nullable(),
  dueState: z.string(),
  version: z.number(),
  flags: z.array(z.string()),
  subjectName: z.string(),
  typeCode: z.string(),
  owningDepartmentId: z.string(),
  divisionCode: z.string(),
  openedAt: z.string(),
  /** negative when overdue; null when the due date's year has no holiday notice yet */
  workingDaysLeft: z.number().nullable(),
});
export type WorkListItem = z.infer<typeof WorkListItem>;

export const WorkListPage = z.object({ items: z.array(WorkListItem), nextCursor: z.string().nullable() });
export type WorkListPage = z.infer<typeof WorkListPage>;

/** A clock of a case as it stands (its events replayed), and whether it stopped past its due date. */
export const CaseClock = ClockView.extend({
  kind: z.enum(['statutory', 'promised']),
  overdueAtStop: z.boolean().optional(),
});
export type CaseClock = z.infer<typeof CaseClock>;

export const AllowedAction = z.object({ code: z.string(), label: z.string() });

export const CaseView = z.object({
  id: z.string(),
  number: z.string(),
  typeCode: z.string(),
  typeName: z.string(),
  title: z.string(),
  subject: z.object({ type: z.string(), id: z.string(), name: z.string() }),
  divisionCode: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  isOpen: z.boolean(),
  version: z.number(),
  flags: z.array(z.string()),
  owningDepartmentId: z.string(),
  leadDepartmentId: z.string().nullable(),
  assistingDepartmentIds: z.array(z.string()),
  assigneeId: z.string().nullable(),
  dueDate: z.string().nullable(),
  dueState: z.string(),
  clocks: z.array(CaseClock),
  data: z.record(z.string(), z.unknown()),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  /** what the reader may do now: the buttons of the case page, and what a 409 carries */
  allowedActions: z.array(AllowedAction),
  /** the receipt's 查询码, to tell the applicant who lost it */
  queryCode: z.string(),
});
export type CaseView = z.infer<typeof CaseView>;

export const StoredAttachment = z.object({ hash: z.string(), name: z.string(), size: z.number(), mime: z.string() });
export type StoredAttachment = z.infer<typeof StoredAttachment>;

export const CaseHistoryEntry = z.object({
  seq: z.number(),
  action: z.string(),
  label: z.string(),
  at: z.string(),
  actor: z.string(),
  role: z.string().nullable(),
  department: z.string().nullable(),
  inputs: z.record(z.string(), z.unknown()),
  opinion: z.string().nullable(),
  attachments: z.array(StoredAttachment),
});
export type CaseHistoryEntry = z.infer<typeof CaseHistoryEntry>;

/** One sentence of why a due date is what it is, with the clock it belongs to. */
export const ClockNote = z.object({ clock: z.string(), on: z.string(), event: z.string(), text: z.string() });
export type ClockNote = z.infer<typeof ClockNote>;

export const CaseDocument = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.string(),
  title: z.string(),
  issued_at: z.string(),
  verification_code: z.string(),
});
export type CaseDocument = z.infer<typeof CaseDocument>;

export const CaseDetail = z.object({
  case: CaseView,
  history: z.array(CaseHistoryEntry),
  clockExplanation: z.array(ClockNote),
  documents: z.array(CaseDocument),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

/** A command's answer: the case as it now stands and the documents the action issued. */
export const CaseCommandResult = z.object({
  case: CaseView,
  documents: z.array(
    z.object({ id: z.string(), number: z.string(), kind: z.string(), title: z.string(), verificationCode: z.string() }),
  ),
});
export type CaseCommandResult = z.infer<typeof CaseCommandResult>;

export const DocumentVerification = z.object({
  number: z.string(),
  kind: z.string(),
  title: z.string(),
  issuer: z.string(),
  issuedAt: z.string(),
  contentHash: z.string(),
  caseNumber: z.string().nullable(),
});
export type DocumentVerification = z.infer<typeof DocumentVerification>;

export const UploadedFile = z.object({ hash: z.string(), size: z.number(), mime: z.string(), name: z.string() });
export type UploadedFile = z.infer<typeof UploadedFile>;

export const CaseNotification = z.object({
  id: z.number(),
  kind: z.string(),
  case_id: z.string().nullable(),
  message: z.string(),
  created_at: Instant,
  read_at: Instant.nullable(),
});
export type CaseNotification = z.infer<typeof CaseNotification>;

export const CaseDashboard = z.object({
  openByStatus: z.array(
    z.object({ typeCode: z.string(), status: z.string(), statusLabel: z.string(), count: z.number() }),
  ),
  openByDepartment: z.array(
    z.object({ department: z.string(), open: z.number(), overdue: z.number(), dueSoon: z.number() }),
  ),
  onTime: z.object({ closed: z.number(), onTime: z.number(), rate: z.number().nullable() }),
  overdueByMonth: z.array(z.object({ month: z.string(), opened: z.number(), overdue: z.number() })),
});
export type CaseDashboard = z.infer<typeof CaseDashboard>;

const byId = z.object({ id: z.uuid() });
/** a retry with the same key gets the first answer (8-128 characters) */
const idempotent = z.object({ 'idempotency-key': z.string().optional() }).loose();

export const cases = {
  types: defineEndpoint({
    method: 'GET',
    path: '/case-types',
    tags,
    summary: '办件类型 Case types',
    response: z.array(CaseTypeInfo),
  }),
  list: defineEndpoint({
    method: 'GET',
    path: '/cases',
    tags,
    summary: '工作清单 Work list (due first, keyset paging), with working days left',
    query: WorkListQuery,
    response: WorkListPage,
  }),
  members: defineEndpoint({
    method: 'GET',
    path: '/departments/:id/members',
    tags,
    summary: "部门人员 Members of one's own department (to assign a case)",
    params: byId,
    response: z.array(z.object({ id: z.string(), displayName: z.string() })),
  }),
  export: defineEndpoint({
    method: 'GET',
    path: '/cases/export',
    tags,
    summary: '导出工作清单 Export a work list',
    query: WorkListQuery.extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
    response: fileReply(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'the work list as a spreadsheet (CSV with format=csv)',
    ),
  }),
  open: defineEndpoint({
    method: 'POST',
    path: '/cases',
    tags,
    summary: '开件 Open a case',
    headers: idempotent,
    body: OpenCaseRequest,
    response: CaseCommandResult,
    status: 201,
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/cases/:id',
    tags,
    summary: '办件详情与历史 Case with its history',
    params: byId,
    response: CaseDetail,
  }),
  act: defineEndpoint({
    method: 'POST',
    path: '/cases/:id/actions/:action',
    tags,
    summary: '办理 Take an action (409 on a stale version or a refused action)',
    params: byId.extend({ action: z.string().regex(/^[a-zA-Z]+$/) }),
    headers: idempotent,
    body: ActRequest,
    response: CaseCommandResult,
  }),
  documentPdf: defineEndpoint({
    method: 'GET',
    path: '/documents/:id/pdf',
    tags: ['documents'],
    summary: '文书 PDF',
    params: byId,
    response: fileReply('application/pdf', 'the document, saved under its number'),
  }),
  attachment: defineEndpoint({
    method: 'GET',
    path: '/cases/:id/attachments/:hash',
    tags,
    summary: '办件附件 An attachment of a case (home-visit photos, scans)',
    params: byId.extend({ hash: Sha }),
    response: fileReply('application/octet-stream', 'the file with the content type it was stored with'),
  }),
  verifyDocument: defineEndpoint({
    method: 'GET',
    path: '/public/documents/verify/:code',
    tags: ['public'],
    summary: '文书核验 Verify a printed document',
    params: z.object({ code: z.string().regex(/^[0-9A-Za-z-]{12,16}$/) }),
    response: DocumentVerification,
  }),
  upload: defineEndpoint({
    method: 'POST',
    path: '/attachments',
    tags: ['documents'],
    summary: '上传附件 Upload an attachment (multipart, ≤ 20 MB; PDF, PNG, JPEG, XLSX)',
    response: UploadedFile,
    status: 201,
  }),
  notifications: defineEndpoint({
    method: 'GET',
    path: '/notifications',
    tags,
    summary: '我的消息 My notifications',
    response: z.array(CaseNotification),
  }),
  dashboard: defineEndpoint({
    method: 'GET',
    path: '/dashboard/cases',
    tags,
    summary: '首页统计 Open cases by status and department, on-time rate, overdue by month',
    response: CaseDashboard,
  }),
};
