import { z } from 'zod';
import { defineEndpoint, Instant } from './endpoint.ts';

/**
 * 居民门户: the public side without a staff session. Residents sign in with a mobile number and an SMS
 * code (a cookie session); a case is tracked by its number and the receipt's query code (or as its
 * signed-in applicant); the villages and the department directory are public. Every route is rate-limited
 * per address.
 */
const tags = ['public'];

/** How a resident names her case: its number, with the query code from the receipt unless she is signed in as its applicant. */
export const TrackQuery = z.object({ number: z.string().min(4).max(40), queryCode: z.string().max(20).optional() });
export type TrackQuery = z.output<typeof TrackQuery>;

/** What a resident may see of a case: its steps, the departments that took them and the due date; nothing personal. */
export const TrackedCase = z.object({
  number: z.string(),
  typeName: z.string(),
  typeNameEn: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  isOpen: z.boolean(),
  dueDate: z.string().nullable(),
  dueState: z.string(),
  paused: z.boolean(),
  openedAt: Instant,
  closedAt: Instant.nullable(),
  steps: z.array(z.object({ at: Instant, action: z.string(), label: z.string(), department: z.string().nullable() })),
});
export type TrackedCase = z.infer<typeof TrackedCase>;

/** A current village or community with its township. */
export const PublicVillage = z.object({ code: z.string(), name: z.string(), township: z.string() });
export type PublicVillage = z.infer<typeof PublicVillage>;

/** The active departments of a division (the county, then each township) with address, phone and hours. */
export const DepartmentGroup = z.object({
  divisionCode: z.string(),
  divisionName: z.string(),
  level: z.number(),
  departments: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      kind: z.string(),
      phone: z.string().nullable(),
      address: z.string().nullable(),
      hours: z.string().nullable(),
    }),
  ),
});
export type DepartmentGroup = z.infer<typeof DepartmentGroup>;

export const CodeRequest = z.object({ phone: z.string().max(20) });
export type CodeRequest = z.infer<typeof CodeRequest>;

/** The code went out; `demoCode` only where the SMS transport shows it (demo and test deployments). */
export const CodeSent = z.object({ sent: z.literal(true), demoCode: z.string().optional() });
export type CodeSent = z.infer<typeof CodeSent>;

export const ResidentSignIn = z.object({ phone: z.string().max(20), code: z.string().max(10) });
export type ResidentSignIn = z.infer<typeof ResidentSignIn>;

/** The signed-in resident: her mobile, masked. */
export const ResidentSignedIn = z.object({ phone: z.string().describe('masked: 139****5678') });
export type ResidentSignedIn = z.infer<typeof ResidentSignedIn>;

export const ResidentMe = ResidentSignedIn.extend({ expiresAt: Instant });
export type ResidentMe = z.infer<typeof ResidentMe>;

export const portal = {
  track: defineEndpoint({
    method: 'GET',
    path: '/public/cases/track',
    tags,
    summary:
      '办件查询 Track a case by its number and the query code on the receipt (or as its applicant, signed in); failed look-ups are limited per address and per case',
    query: TrackQuery,
    response: TrackedCase,
  }),
  villages: defineEndpoint({
    method: 'GET',
    path: '/public/villages',
    tags,
    summary: '村（社区）列表 Villages and communities with their township',
    response: z.array(PublicVillage),
  }),
  departments: defineEndpoint({
    method: 'GET',
    path: '/public/departments',
    tags,
    summary: '部门通讯录 Department directory (address, phone, hours)',
    response: z.array(DepartmentGroup),
  }),
  sendCode: defineEndpoint({
    method: 'POST',
    path: '/public/resident/code',
    tags,
    summary: '获取短信验证码 Send a sign-in code by SMS',
    body: CodeRequest,
    response: CodeSent,
  }),
  signIn: defineEndpoint({
    method: 'POST',
    path: '/public/resident/session',
    tags,
    summary: '居民登录 Sign in with phone and code (sets the resident cookie)',
    body: ResidentSignIn,
    response: ResidentSignedIn,
  }),
  me: defineEndpoint({
    method: 'GET',
    path: '/public/resident/me',
    tags,
    summary: '当前居民 Who is signed in on the portal',
    response: ResidentMe,
  }),
  signOut: defineEndpoint({
    method: 'DELETE',
    path: '/public/resident/session',
    tags,
    summary: '居民退出 Sign out of the portal',
    response: z.object({ ok: z.literal(true) }),
  }),
};
