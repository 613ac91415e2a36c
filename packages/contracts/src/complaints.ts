import { z } from 'zod';
import { CaseCommandResult } from './cases.ts';
import { CalendarDate } from './dates.ts';
import { defineEndpoint, fileReply, Instant } from './endpoint.ts';

/**
 * 12345 and 信访: matters registered from every channel (a work order or a petition), the matter behind
 * a case, the coordination board, dispatch rules and the published figures; residents file and follow
 * their own matters on the portal (signed in with their mobile).
 */
const tags = ['complaints'];
const publicTags = ['public'];

/** where a matter came in: hotline, web, portal, letter (scanned), visit, media report, leader's mailbox, an Open311 client */
export const ComplaintChannel = z.enum(['hotline', 'web', 'portal', 'letter', 'visit', 'media', 'mailbox', 'open311']);
export const COMPLAINT_CHANNELS = ComplaintChannel.options;
export type ComplaintChannel = z.infer<typeof ComplaintChannel>;

const Sha = z.string().regex(/^[0-9a-f]{64}$/);
const byId = z.object({ id: z.uuid() });
const byCategory = z.object({ category: z.string().max(60) });
const idempotent = z.object({ 'idempotency-key': z.string().optional() }).loose();

export const MatterParty = z.object({
  kind: z.enum(['person', 'organisation']),
  id: z.uuid().optional(),
  name: z.string().trim().min(1).max(100),
  role: z.string().max(40).optional(),
});
export type MatterParty = z.infer<typeof MatterParty>;

/** A matter from any channel: a 12345 work order, or a petition (信访). */
export const RegisterMatter = z
  .object({
    kind: z.enum(['complaint', 'petition']).default('complaint'),
    channel: ComplaintChannel,
    categoryCode: z.string().min(1).max(60),
    divisionCode: z.string().regex(/^\d{6,12}$/, '区划代码 / division code'),
    address: z.string().trim().max(200).optional(),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    description: z.string().trim().min(5, '请说明诉求（至少5个字） / at least 5 characters').max(4000),
    complainant: z
      .object({
        name: z.string().trim().max(40).optional(),
        phone: z.string().max(20).optional(),
        personId: z.uuid().optional(),
      })
      .default({}),
    parties: z.array(MatterParty).max(20).default([]),
    /** a petition on the same facts as an earlier one */
    previousCaseId: z.uuid().optional(),
    /** uploaded first: a scanned letter, photos of the place (a resident may attach photos only) */
    attachments: z
      .array(z.string().regex(/^[0-9a-f]{64}$/, '附件标识 / attachment id'))
      .max(9, '最多9个附件 / at most 9 files')
      .default([]),
  })
  .refine((m) => (m.lat === undefined) === (m.lng === undefined), {
    path: ['lat'],
    message: '经纬度须同时填写 / lat and lng together',
  });
/** The parsed matter (defaults filled in). */
export type RegisterMatter = z.output<typeof RegisterMatter>;
/** A matter as given (a resident's or an Open311 filing, checked by the service against RegisterMatter). */
export type MatterFiling = z.input<typeof RegisterMatter>;

export const DuplicateQuery = z.object({
  phone: z.string().max(20).optional(),
  divisionCode: z.string().max(12).optional(),
  address: z.string().max(200).optional(),
  partyIds: z.array(z.uuid()).max(20).optional(),
});
export type DuplicateQuery = z.infer<typeof DuplicateQuery>;

/** An open matter of the same complainant, place or party, and why it was found. */
export const DuplicateMatter = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.string(),
  categoryCode: z.string(),
  address: z.string().nullable(),
  receivedAt: Instant,
  reasons: z.array(z.enum(['sameComplainant', 'samePlace', 'sameParty'])),
});
export type DuplicateMatter = z.infer<typeof DuplicateMatter>;

export const RegisteredMatter = CaseCommandResult.extend({
  complaintId: z.string(),
  duplicates: z.array(DuplicateMatter),
});
export type RegisteredMatter = z.infer<typeof RegisteredMatter>;

/** The matter behind a work order or petition, the phone masked. */
export const MatterView = z.object({
  kind: z.enum(['complaint', 'petition']),
  channel: ComplaintChannel,
  categoryCode: z.string(),
  category: z.string(),
  parentCategory: z.string().nullable(),
  village: z.string(),
  township: z.string().nullable(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  description: z.string(),
  complainantName: z.string().nullable(),
  /** 139****5678 */
  phone: z.string().nullable(),
  parties: z.array(MatterParty),
  receivedAt: Instant,
  previousCaseId: z.string().nullable(),
  previousNumber: z.string().nullable(),
  canRevealPhone: z.boolean(),
});
export type MatterView = z.infer<typeof MatterView>;

const BoardOrder = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.string(),
  dueDate: CalendarDate.nullable(),
  department: z.string(),
});

export const ComplaintBoard = z.object({
  byDepartment: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      open: z.number(),
      toDispatch: z.number(),
      toSign: z.number(),
      handling: z.number(),
      replied: z.number(),
      overdue: z.number(),
    }),
  ),
  /** overdue orders with the highest escalation step taken (null: none yet) */
  supervision: z.array(BoardOrder.extend({ escalation: z.number().nullable() })),
  /** orders waiting for the centre itself: to dispatch, to call back, to close */
  centreSteps: z.array(BoardOrder.extend({ openedAt: Instant })),
});
export type ComplaintBoard = z.infer<typeof ComplaintBoard>;

export const CategoryRoute = z.object({
  leadDepartmentId: z.uuid(),
  assistingDepartmentIds: z.array(z.uuid()).max(20).default([]),
});
export type CategoryRoute = z.output<typeof CategoryRoute>;

export const ComplaintCategory = z.object({
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  description: z.string(),
});
export type ComplaintCategory = z.infer<typeof ComplaintCategory>;

export const FiguresQuery = z.object({
  from: CalendarDate,
  to: CalendarDate,
  by: z.enum(['department', 'category']).default('department'),
});
export type FiguresQuery = z.output<typeof FiguresQuery>;

export const FiguresRow = z.object({
  /** the department's or the category's name */
  label: z.string(),
  received: z.number(),
  settled: z.number(),
  onTime: z.number(),
  calledBack: z.number(),
  satisfied: z.number(),
  repeated: z.number(),
  /** percentages to one decimal; null when nothing was settled / called back */
  onTimeRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
});
export type FiguresRow = z.infer<typeof FiguresRow>;

/** What a signed-in resident fills in on the portal (her phone must be the one she signed in with). */
export const PublicComplaint = z.object({
  categoryCode: z.string().max(60),
  divisionCode: z.string().max(12),
  address: z.string().max(200).optional(),
  description: z.string().max(4000),
  name: z.string().max(40).optional(),
  phone: z.string().max(20),
  lat: z.number().optional(),
  lng: z.number().optional(),
  photos: z.array(z.string()).max(9).default([]),
});
export type PublicComplaint = z.output<typeof PublicComplaint>;

export const Satisfaction = z.enum(['satisfied', 'basicallySatisfied', 'dissatisfied']);
export type Satisfaction = z.infer<typeof Satisfaction>;

/** A resident's own matter: its state, the reply and its result, her photos and the written notices. */
export const ResidentMatter = z.object({
  number: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  dueDate: CalendarDate.nullable(),
  category: z.string(),
  description: z.string(),
  receivedAt: Instant,
  reply: z.string().nullable(),
  result: z.string().nullable(),
  /** the hashes of the photos on the opening entry */
  photos: z.array(z.string()),
  documents: z.array(z.object({ id: z.string(), number: z.string(), title: z.string(), verificationCode: z.string() })),
  awaitingCallback: z.boolean(),
});
export type ResidentMatter = z.infer<typeof ResidentMatter>;

const byNumber = z.object({ number: z.string().max(40) });

export const complaints = {
  categories: defineEndpoint({
    method: 'GET',
    path: '/public/complaints/categories',
    tags: publicTags,
    summary: '诉求分类 The category tree',
    response: z.array(ComplaintCategory),
  }),
  figures: defineEndpoint({
    method: 'GET',
    path: '/public/complaints/figures',
    tags: publicTags,
    summary:
      '事事有回音 Published figures: received, settled, on time, satisfied, repeated — by department or category',
    query: FiguresQuery,
    response: z.array(FiguresRow),
  }),
  file: defineEndpoint({
    method: 'POST',
    path: '/public/complaints',
    tags: publicTags,
    summary: '网上投诉 File a complaint (signed-in resident; the phone must be the one signed in with)',
    body: PublicComplaint,
    response: z.object({ id: z.string(), number: z.string() }),
    status: 201,
  }),
  uploadPhoto: defineEndpoint({
    method: 'POST',
    path: '/public/complaints/photos',
    tags: publicTags,
    summary:
      '上传照片 A signed-in resident uploads a photo (PNG or JPEG, ≤ 20 MB) to attach to her complaint (multipart)',
    response: z.object({ hash: z.string(), size: z.number(), mime: z.string() }),
    status: 201,
  }),
  photo: defineEndpoint({
    method: 'GET',
    path: '/public/complaints/:number/photos/:hash',
    tags: publicTags,
    summary: '我的照片 A photo the resident attached to her own matter',
    params: byNumber.extend({ hash: Sha }),
    response: fileReply(
      'application/octet-stream',
      'the photo, with the content type it was stored with (PNG or JPEG)',
    ),
  }),
  document: defineEndpoint({
    method: 'GET',
    path: '/public/complaints/:number/documents/:documentId',
    tags: publicTags,
    summary: "我的文书 A written notice of the resident's own matter, as a PDF",
    params: byNumber.extend({ documentId: z.uuid() }),
    response: fileReply('application/pdf', 'the notice, saved under its number'),
  }),
  mine: defineEndpoint({
    method: 'GET',
    path: '/public/complaints/mine',
    tags: publicTags,
    summary: "我的诉求 The signed-in resident's matters, with replies",
    response: z.array(ResidentMatter),
  }),
  callback: defineEndpoint({
    method: 'POST',
    path: '/public/complaints/:number/callback',
    tags: publicTags,
    summary: '回访评价 The complainant answers the callback herself',
    params: byNumber,
    body: z.object({ satisfaction: Satisfaction, comment: z.string().max(1000).default('') }),
    response: z.object({ number: z.string(), status: z.string(), version: z.number() }),
  }),
  register: defineEndpoint({
    method: 'POST',
    path: '/complaints',
    tags,
    summary: '登记诉求 Register a matter from any channel (a work order, or a petition); duplicates suggested',
    headers: idempotent,
    body: RegisterMatter,
    response: RegisteredMatter,
    status: 201,
  }),
  matter: defineEndpoint({
    method: 'GET',
    path: '/complaints/by-case/:id',
    tags,
    summary: '诉求详情 The matter behind a work order or petition: what, where, who (phone masked), about whom',
    params: byId,
    response: MatterView,
  }),
  revealPhone: defineEndpoint({
    method: 'POST',
    path: '/complaints/by-case/:id/reveal-phone',
    tags,
    summary: "查看诉求人电话（留痕） Reveal the complainant's phone, with a reason (audited)",
    params: byId,
    body: z.object({ reason: z.string().max(200) }),
    response: z.object({ phone: z.string() }),
  }),
  board: defineEndpoint({
    method: 'GET',
    path: '/complaints/board',
    tags,
    summary: '协调看板 Open work orders by lead department, and the supervision list',
    response: ComplaintBoard,
  }),
  duplicates: defineEndpoint({
    method: 'POST',
    path: '/complaints/duplicates',
    tags,
    summary: '重复诉求提示 Open matters of the same complainant, place or party',
    body: DuplicateQuery,
    response: z.array(DuplicateMatter),
  }),
  suggestRoute: defineEndpoint({
    method: 'GET',
    path: '/complaints/route',
    tags,
    summary: '派单建议 The usual lead and assisting departments of a category',
    query: byCategory,
    response: z.object({ leadDepartmentId: z.string().nullable(), assistingDepartmentIds: z.array(z.string()) }),
  }),
  setRoute: defineEndpoint({
    method: 'PUT',
    path: '/complaints/routes/:category',
    tags,
    summary: "派单规则 Set a category's usual lead and assisting departments",
    params: byCategory,
    body: CategoryRoute,
    response: CategoryRoute.extend({ category: z.string() }),
  }),
  setPublication: defineEndpoint({
    method: 'PUT',
    path: '/complaints/categories/:category/publication',
    tags,
    summary: '公开类别 Mark a category public on Open311, or internal (audited)',
    params: byCategory,
    body: z.object({ public: z.boolean() }),
    response: z.object({ category: z.string(), public: z.boolean() }),
  }),
  dispatch: defineEndpoint({
    method: 'POST',
    path: '/complaints/:id/dispatch',
    tags,
    summary: '派单 Dispatch to a lead department (and assisting ones), one command',
    params: byId,
    headers: idempotent,
    // the body of any case action (the console's action form posts here for dispatch and send-back)
    body: z.object({
      expectedVersion: z.number().int().min(1),
      fields: z.object({
        leadDepartmentId: z.uuid(),
        assistingDepartmentIds: z.array(z.uuid()).max(20).optional(),
      }),
      opinion: z.string().max(2000).optional(),
      attachments: z.array(z.string()).max(0).default([]),
    }),
    response: CaseCommandResult,
  }),
  sendBack: defineEndpoint({
    method: 'POST',
    path: '/complaints/:id/send-back',
    tags,
    summary: '退单 Send a wrongly dispatched order back with the reason (within the configured days)',
    params: byId,
    headers: idempotent,
    body: z.object({
      expectedVersion: z.number().int().min(1),
      opinion: z.string().max(2000),
      fields: z.object({}).default({}),
      attachments: z.array(z.string()).max(0).default([]),
    }),
    response: CaseCommandResult,
  }),
};
