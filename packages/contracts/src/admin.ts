import { z } from 'zod';
import { CreateUserRequest, OkReply } from './auth.ts';
import { HolidayNotice } from './calendar.ts';
import { CalendarDate } from './dates.ts';
import { Created, defineEndpoint, Instant } from './endpoint.ts';

/**
 * The administration: the working calendar (holiday notices, day sums), the audit log and its chain,
 * users, roles and their grants (三权分立: the security administrator grants, the auditor reads),
 * departments and the divisions' history.
 */
const RoleScope = z.enum(['department', 'subtree', 'all']);

export const AddDaysQuery = z.object({
  date: CalendarDate,
  n: z.coerce.number().int().min(0).max(3660),
  unit: z.enum(['working', 'calendar']).default('working'),
});
export type AddDaysQuery = z.infer<typeof AddDaysQuery>;

export const AddDaysResult = z.object({
  date: CalendarDate,
  n: z.number(),
  unit: z.enum(['working', 'calendar']),
  result: CalendarDate,
});

export const DayDescription = z.object({
  date: CalendarDate,
  workingDay: z.boolean(),
  /** 工作日, 周末, 国庆节假期, 春节调休上班 … */
  reason: z.string(),
});

export const LoadedYear = z.object({
  year: z.number(),
  holidays: z.number(),
  makeUpWorkdays: z.number(),
  /** open cases whose due dates were computed again on the notice */
  recomputedDueDates: z.number(),
});
export type LoadedYear = z.infer<typeof LoadedYear>;

export const CalendarYear = z.object({
  year: z.number(),
  notice_title: z.string(),
  notice_number: z.string().nullable(),
  notice_published: z.string().nullable(),
  /** the statutory holidays only, until the State Council's notice is loaded */
  provisional: z.boolean(),
  days: z.array(z.object({ day: z.string(), kind: z.enum(['holiday', 'makeUpWorkday']), name: z.string() })),
});
export type CalendarYear = z.infer<typeof CalendarYear>;

export const AuditQuery = z.object({
  action: z.string().optional(),
  actor: z.string().optional(),
  targetId: z.string().optional(),
  from: CalendarDate.optional(),
  to: CalendarDate.optional(),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(10000).default(100),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntry = z.object({
  seq: z.number(),
  at: Instant,
  actor_id: z.string().nullable(),
  actor_name: z.string().nullable(),
  action: z.string(),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  division_code: z.string().nullable(),
  ip: z.string().nullable(),
  socket_ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prev_hash: z.string().nullable(),
  hash: z.string().nullable(),
  /** the transaction that wrote the entry */
  xid: z.string(),
  /** its place in the hash chain, null in the seconds before it is sealed */
  chain_pos: z.number().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditVerification = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), count: z.number(), lastHash: z.string(), pending: z.number(), anchors: z.number() }),
  z.object({
    ok: z.literal(false),
    count: z.number(),
    brokenSeq: z.number(),
    brokenPos: z.number().optional(),
    reason: z.string(),
  }),
]);
export type AuditVerification = z.infer<typeof AuditVerification>;

export const GrantRole = z.object({ role: z.string().min(1), scope: RoleScope });
export type GrantRole = z.infer<typeof GrantRole>;

export const UserSummary = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  active: z.boolean(),
  totpEnabled: z.boolean(),
  /** backing off after failed sign-ins */
  locked: z.boolean(),
  department: z.string(),
  roles: z.array(z.object({ role: z.string(), scope: z.string() })),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const RoleInfo = z.object({
  code: z.string(),
  name: z.string(),
  permissions: z.array(z.string()),
  /** one of the three administrators (三权分立), or null */
  admin_kind: z.enum(['system', 'security', 'audit']).nullable(),
});
export type RoleInfo = z.infer<typeof RoleInfo>;

export const DepartmentInfo = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  division_code: z.string(),
  phone: z.string().nullable(),
});
export type DepartmentInfo = z.infer<typeof DepartmentInfo>;

/** A division's child as it is or was: merged into a successor, or split (分设) from another or into others. */
export const DivisionHistory = z.object({
  code: z.string(),
  name: z.string(),
  level: z.number(),
  valid_from: z.string(),
  valid_until: z.string().nullable(),
  successor_code: z.string().nullable(),
  successor_name: z.string().nullable(),
  split_from: z.string().nullable(),
  split_from_name: z.string().nullable(),
  /** the names of the divisions split from it, 、-separated */
  split_into: z.string().nullable(),
  children: z.number(),
});
export type DivisionHistory = z.infer<typeof DivisionHistory>;

export const admin = {
  addDays: defineEndpoint({
    method: 'GET',
    path: '/calendar/add-days',
    tags: ['calendar'],
    summary: '计算期限 Add working or calendar days',
    query: AddDaysQuery,
    response: AddDaysResult,
  }),
  day: defineEndpoint({
    method: 'GET',
    path: '/calendar/days/:date',
    tags: ['calendar'],
    summary: '是否工作日 Is it a working day',
    params: z.object({ date: CalendarDate }),
    response: DayDescription,
  }),
  loadYear: defineEndpoint({
    method: 'POST',
    path: '/calendar/years',
    tags: ['calendar'],
    summary: "载入某年节假日安排 Load a year's State Council notice",
    body: HolidayNotice,
    response: LoadedYear,
  }),
  years: defineEndpoint({
    method: 'GET',
    path: '/calendar/years',
    tags: ['calendar'],
    summary: '已载入的年度节假日安排 Loaded holiday notices by year, with their days',
    response: z.array(CalendarYear),
  }),
  audit: defineEndpoint({
    method: 'GET',
    path: '/audit',
    tags: ['audit'],
    summary: '审计日志查询 Search the audit log (format=csv: the entries as a CSV file, audit.export)',
    query: AuditQuery,
    response: z.array(AuditEntry),
  }),
  verifyAudit: defineEndpoint({
    method: 'GET',
    path: '/audit/verify',
    tags: ['audit'],
    summary: '校验审计链 Verify the audit hash chain',
    response: AuditVerification,
  }),
  createUser: defineEndpoint({
    method: 'POST',
    path: '/users',
    tags: ['users'],
    summary: '新建用户 Create a user',
    body: CreateUserRequest,
    response: Created,
    status: 201,
  }),
  grant: defineEndpoint({
    method: 'POST',
    path: '/users/:id/roles',
    tags: ['users'],
    summary: '授予角色 Grant a role (security administrator; 三权分立 enforced)',
    params: z.object({ id: z.uuid() }),
    body: GrantRole,
    response: OkReply,
  }),
  revoke: defineEndpoint({
    method: 'DELETE',
    path: '/users/:id/roles/:role',
    tags: ['users'],
    summary: '撤销角色 Revoke a role (security administrator; 三权分立 enforced)',
    params: z.object({ id: z.uuid(), role: z.string().min(1).max(64) }),
    response: OkReply,
  }),
  users: defineEndpoint({
    method: 'GET',
    path: '/users',
    tags: ['users'],
    summary: '用户列表 Users with their roles and scopes (security administrator)',
    response: z.array(UserSummary),
  }),
  roles: defineEndpoint({
    method: 'GET',
    path: '/roles',
    tags: ['users'],
    summary: '角色 Roles and their permissions',
    response: z.array(RoleInfo),
  }),
  departments: defineEndpoint({
    method: 'GET',
    path: '/departments',
    tags: ['org'],
    summary: '部门 Departments',
    response: z.array(DepartmentInfo),
  }),
  divisionHistory: defineEndpoint({
    method: 'GET',
    path: '/divisions/:code/history',
    tags: ['org'],
    summary:
      "区划沿革 A division's children, current and former: merged (with successor) or split (分设, with where from and what into)",
    params: z.object({ code: z.string().regex(/^\d{6,15}$/) }),
    response: z.array(DivisionHistory),
  }),
};
