import { z } from 'zod';
import { CalendarDate } from './dates.ts';
import { defineEndpoint, Instant } from './endpoint.ts';

export const LoginRequest = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  totp: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const SessionInfo = z.object({
  token: z.string().describe('send as Authorization: Bearer, or use the cookie'),
  csrfToken: z.string().describe('echo in X-CSRF-Token on unsafe requests made with the cookie'),
  secondFactorRequired: z.boolean(),
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    departmentId: z.string(),
    roles: z.array(z.object({ role: z.string(), scope: z.string() })),
  }),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const CreateUserRequest = z.object({
  username: z
    .string()
    .regex(
      /^[a-z][a-z0-9_.-]{2,31}$/,
      '用户名应为3-32位小写字母、数字、下划线 / 3-32 lowercase letters, digits, _ . -',
    ),
  displayName: z.string().min(1).max(50),
  departmentCode: z.string().min(1),
  password: z.string().min(10).max(128),
  roles: z.array(z.object({ role: z.string(), scope: z.enum(['department', 'subtree', 'all']) })).default([]),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

const tags = ['auth'];

/** The answer of a command that has nothing else to say. */
export const OkReply = z.object({ ok: z.literal(true) });
export type OkReply = z.infer<typeof OkReply>;

/** Who is signed in: roles, permissions, department and jurisdiction, and the CSRF token for the console. */
export const Me = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  divisionCode: z.string(),
  divisionName: z.string(),
  roles: z.array(z.object({ role: z.string(), scope: z.string() })),
  permissions: z.array(z.string()),
  /** absent for a bearer token, which needs none */
  csrfToken: z.string().optional(),
  secondFactorRequired: z.boolean(),
  /** the server's business date (Asia/Shanghai): date pickers start from it, not from the browser's clock */
  today: CalendarDate,
});
export type Me = z.infer<typeof Me>;

export const ChangePassword = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});
export type ChangePassword = z.infer<typeof ChangePassword>;

/** Re-authentication: the password, and the code of the factor bound now if there is one. */
export const BeginTotp = z.object({
  currentPassword: z.string().min(1).max(200),
  code: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});
export type BeginTotp = z.infer<typeof BeginTotp>;

export const TotpEnrolment = z.object({ secret: z.string(), uri: z.string().describe('otpauth:// for the QR code') });
export type TotpEnrolment = z.infer<typeof TotpEnrolment>;

export const ConfirmTotp = z.object({ code: z.string().regex(/^\d{6}$/) });
export type ConfirmTotp = z.infer<typeof ConfirmTotp>;

export const SecurityAlert = z.object({
  seq: z.number(),
  at: Instant,
  actor_name: z.string().nullable(),
  action: z.string(),
  target_id: z.string().nullable(),
  ip: z.string().nullable(),
  socket_ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type SecurityAlert = z.infer<typeof SecurityAlert>;

export const auth = {
  login: defineEndpoint({
    method: 'POST',
    path: '/auth/login',
    tags,
    summary: '登录 Log in',
    body: LoginRequest,
    response: SessionInfo,
  }),
  logout: defineEndpoint({ method: 'POST', path: '/auth/logout', tags, summary: '退出 Log out', response: OkReply }),
  me: defineEndpoint({
    method: 'GET',
    path: '/auth/me',
    tags,
    summary: '当前用户 Who am I: roles, permissions, department and jurisdiction; the CSRF token for the console',
    response: Me,
  }),
  changePassword: defineEndpoint({
    method: 'POST',
    path: '/auth/password',
    tags,
    summary: '修改密码 Change my password (other sessions end)',
    body: ChangePassword,
    response: OkReply,
  }),
  beginTotp: defineEndpoint({
    method: 'POST',
    path: '/auth/totp/begin',
    tags,
    summary: '绑定动态验证码 Begin (re-)binding TOTP: needs the current password and, if bound, the current code',
    body: BeginTotp,
    response: TotpEnrolment,
  }),
  confirmTotp: defineEndpoint({
    method: 'POST',
    path: '/auth/totp/confirm',
    tags,
    summary: '确认动态验证码 Confirm the code of the authenticator being bound',
    body: ConfirmTotp,
    response: OkReply,
  }),
  securityAlerts: defineEndpoint({
    method: 'GET',
    path: '/security/alerts',
    tags,
    summary:
      '安全告警 Sign-in alerts for the security administrator: accounts backing off, addresses refused, replayed one-time codes',
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
    response: z.array(SecurityAlert),
  }),
};
