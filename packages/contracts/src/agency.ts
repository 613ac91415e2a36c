import { z } from 'zod';
import { CalendarDate } from './dates.ts';
import { Created, defineEndpoint, Instant } from './endpoint.ts';

/**
 * 企业代办: one package per enterprise project, a sub-case per catalogue item, one agent; the enterprise
 * follows it on the portal with the package number and its query code, and may complain through it.
 */
const tags = ['agency'];

/** DB-2026-000123 */
export const PackageNumber = z.string().regex(/^DB-\d{4}-\d{6}$/i);

export const OpenPackage = z.object({
  organisationId: z.uuid(),
  projectName: z.string().trim().min(2).max(100),
  /** the items in the order the project needs them: 立项, 用地, 规划, 施工许可, 产权, 工商税务登记 … */
  itemCodes: z.array(z.string().max(40)).min(1).max(30),
  agentId: z.uuid().optional(),
});
export type OpenPackage = z.infer<typeof OpenPackage>;

export const OpenedPackage = z.object({ id: z.string(), number: z.string(), queryCode: z.string() });
export type OpenedPackage = z.infer<typeof OpenedPackage>;

export const PackageProgress = z.object({ done: z.number().int(), total: z.number().int() });

export const PackageSummary = z.object({
  id: z.string(),
  number: z.string(),
  /** given to the enterprise with the number: the two open the portal's view */
  queryCode: z.string(),
  projectName: z.string(),
  enterprise: z.string(),
  agent: z.string(),
  createdAt: Instant,
  progress: PackageProgress,
});
export type PackageSummary = z.infer<typeof PackageSummary>;

/** A sub-case as the enterprise sees it: no internal id. */
export const PublicSubCase = z.object({
  position: z.number().int(),
  caseNumber: z.string(),
  item: z.string(),
  department: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  dueDate: CalendarDate.nullable(),
  dueState: z.string(),
  done: z.boolean(),
  /** why it is not moving, in words (待补正材料 …), or null */
  blocker: z.string().nullable(),
});
export type PublicSubCase = z.infer<typeof PublicSubCase>;

export const SubCase = PublicSubCase.extend({ caseId: z.string() });
export type SubCase = z.infer<typeof SubCase>;

/** What the enterprise sees: the progress read from the sub-cases, the agent by name without the post. */
export const PublicPackage = z.object({
  number: z.string(),
  projectName: z.string(),
  enterprise: z.string(),
  agent: z.string(),
  centre: z.string(),
  centrePhone: z.string().nullable(),
  createdAt: Instant,
  items: z.array(PublicSubCase),
  progress: PackageProgress,
  blockers: z.array(z.string()),
});
export type PublicPackage = z.infer<typeof PublicPackage>;

export const PackageComplaint = z.object({
  id: z.string(),
  text: z.string(),
  contactName: z.string().nullable(),
  /** masked: 138****5678 */
  contactPhone: z.string().nullable(),
  filedAt: Instant,
  answer: z.string().nullable(),
  answeredAt: Instant.nullable(),
});
export type PackageComplaint = z.infer<typeof PackageComplaint>;

export const PackageDetail = PublicPackage.extend({
  id: z.string(),
  queryCode: z.string(),
  items: z.array(SubCase),
  complaints: z.array(PackageComplaint),
});
export type PackageDetail = z.infer<typeof PackageDetail>;

export const AnswerComplaint = z.object({ answer: z.string().max(2000) });
export type AnswerComplaint = z.infer<typeof AnswerComplaint>;

export const PackageComplaintFiling = z.object({
  queryCode: z.string().max(20),
  text: z.string().max(2000),
  name: z.string().max(40).optional(),
  phone: z.string().max(20).optional(),
});
export type PackageComplaintFiling = z.infer<typeof PackageComplaintFiling>;

const byId = z.object({ id: z.uuid() });
const byNumber = z.object({ number: PackageNumber });

export const agency = {
  open: defineEndpoint({
    method: 'POST',
    path: '/agency/packages',
    tags,
    summary: '企业代办 Open a package: one sub-case per item, each with its own clock, one agent',
    body: OpenPackage,
    response: OpenedPackage,
    status: 201,
  }),
  list: defineEndpoint({
    method: 'GET',
    path: '/agency/packages',
    tags,
    summary: '代办项目 Packages of the centres in reach, with progress',
    response: z.array(PackageSummary),
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/agency/packages/:id',
    tags,
    summary: '代办项目详情 A package: sub-cases, what blocks them, complaints',
    params: byId,
    response: PackageDetail,
  }),
  answer: defineEndpoint({
    method: 'POST',
    path: '/agency/complaints/:id/answer',
    tags,
    summary: "答复投诉 Answer an enterprise's complaint",
    params: byId,
    body: AnswerComplaint,
    response: Created,
  }),
  publicView: defineEndpoint({
    method: 'GET',
    path: '/public/agency/:number',
    tags: ['public'],
    summary:
      '代办进度 The enterprise follows its package (number + the query code it was given; failed look-ups limited)',
    params: byNumber,
    query: z.object({ queryCode: z.string().max(20) }),
    response: PublicPackage,
  }),
  complain: defineEndpoint({
    method: 'POST',
    path: '/public/agency/:number/complaints',
    tags: ['public'],
    summary: '代办投诉 Complain through the package (number + query code)',
    params: byNumber,
    body: PackageComplaintFiling,
    response: Created,
    status: 201,
  }),
};
