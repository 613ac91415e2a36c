import { z } from 'zod';

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
