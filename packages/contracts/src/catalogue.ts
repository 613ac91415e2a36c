import { z } from 'zod';
import { defineEndpoint, fileReply } from './endpoint.ts';

/**
 * 政务服务事项目录: items with every element of the national guide, one row per version. The catalogue is
 * public (政务公开): searched and read without signing in; the system administrator edits and imports it.
 */
const tags = ['catalogue'];

const text = (max: number) => z.string().trim().min(1).max(max);

export const ItemCode = z.string().regex(/^[0-9A-Za-z-]{4,40}$/, '事项编码 / item code');

/** A material the applicant brings (申请材料): how many, original or copy, paper or electronic, where from, and whether it may come later (容缺). */
export const Material = z.object({
  name: text(100),
  copies: z.number().int().min(1).max(20).default(1),
  original: z.boolean().default(false),
  electronic: z.boolean().default(false),
  source: z.string().max(100).default('申请人自备'),
  required: z.boolean().default(true),
  mayComeLater: z.boolean().default(false),
});
export type Material = z.output<typeof Material>;

export const ItemKind = z.enum([
  'licence',
  'payment',
  'confirmation',
  'adjudication',
  'reward',
  'publicService',
  'other',
]);
export const HandlingMode = z.enum(['onTheSpot', 'promised', 'agency', 'forwarded']);
export const LimitUnit = z.enum(['working', 'calendar']);

/** Every element of a national service guide (国家政务服务事项办事指南要素), without the rules across fields. */
const ServiceItemFields = z.object({
  code: ItemCode,
  name: text(100),
  kind: ItemKind,
  departmentCode: text(40),
  window: z.string().max(60).default(''),
  legalBasis: z.array(text(300)).min(1),
  conditions: z.array(text(500)).min(1),
  materials: z.array(Material).default([]),
  steps: z.array(z.object({ name: text(60), countsTowardLimit: z.boolean().default(true) })).min(1),
  statutoryDays: z.number().int().min(0).max(365),
  promisedDays: z.number().int().min(0).max(365),
  limitUnit: LimitUnit.default('working'),
  fees: z.array(z.object({ name: text(60), amountFen: z.number().int().min(0), basis: text(200) })).default([]),
  place: z.string().max(200).default(''),
  hours: z.string().max(200).default(''),
  enquiryPhone: z.string().max(40).default(''),
  complaintPhone: z.string().max(40).default(''),
  handlingMode: HandlingMode,
  visitsNeeded: z.number().int().min(0).max(10).default(1),
  appointment: z.boolean().default(false),
});

/** A guide as it is saved: the elements, the promised limit within the statutory one, 即办件 in 0 days. */
export const ServiceItem = ServiceItemFields.superRefine((item, ctx) => {
  if (item.promisedDays > item.statutoryDays)
    ctx.addIssue({
      code: 'custom',
      path: ['promisedDays'],
      message: '承诺时限不能长于法定时限 / the promised limit may not exceed the statutory one',
    });
  if (item.handlingMode === 'onTheSpot' && item.promisedDays !== 0)
    ctx.addIssue({
      code: 'custom',
      path: ['promisedDays'],
      message: '即办件的承诺时限为0 / an on-the-spot item is promised in 0 days',
    });
});
export type ServiceItem = z.output<typeof ServiceItem>;
/** A guide as the web sends it: the elements with a default may be left out. */
export type ServiceItemInput = z.input<typeof ServiceItem>;

/** An item's guide as read: every element present (the saved guide had its defaults filled in), and its version. */
export const ItemGuide = z.object({
  code: z.string(),
  version: z.number().int(),
  name: z.string(),
  kind: ItemKind,
  departmentCode: z.string(),
  window: z.string(),
  legalBasis: z.array(z.string()),
  conditions: z.array(z.string()),
  materials: z.array(
    z.object({
      name: z.string(),
      copies: z.number().int(),
      original: z.boolean(),
      electronic: z.boolean(),
      source: z.string(),
      required: z.boolean(),
      mayComeLater: z.boolean(),
    }),
  ),
  steps: z.array(z.object({ name: z.string(), countsTowardLimit: z.boolean() })),
  statutoryDays: z.number().int(),
  promisedDays: z.number().int(),
  limitUnit: LimitUnit,
  fees: z.array(z.object({ name: z.string(), amountFen: z.number().int(), basis: z.string() })),
  place: z.string(),
  hours: z.string(),
  enquiryPhone: z.string(),
  complaintPhone: z.string(),
  handlingMode: HandlingMode,
  visitsNeeded: z.number().int(),
  appointment: z.boolean(),
});
export type ItemGuide = z.infer<typeof ItemGuide>;

/** An item in a search's answer (the rows keep the database's column names the pages have read). */
export const ItemSummary = z.object({
  code: z.string(),
  version: z.number().int(),
  name: z.string(),
  kind: z.string(),
  department_code: z.string(),
  handling_mode: HandlingMode,
  promised_days: z.number().int(),
  limit_unit: LimitUnit,
});
export type ItemSummary = z.infer<typeof ItemSummary>;

export const SavedItem = z.object({ id: z.string(), code: z.string(), version: z.number().int() });
export type SavedItem = z.infer<typeof SavedItem>;

const byCode = z.object({ code: ItemCode });

export const catalogue = {
  create: defineEndpoint({
    method: 'POST',
    path: '/catalogue/items',
    tags,
    summary: '新增事项 Add an item with its whole guide',
    body: ServiceItem,
    response: SavedItem,
    status: 201,
  }),
  revise: defineEndpoint({
    method: 'PUT',
    path: '/catalogue/items/:code',
    tags,
    summary: '修订事项 Save a new version (409 on a stale one); open cases keep theirs',
    params: byCode,
    query: z.object({ expectedVersion: z.coerce.number().int().min(1) }),
    body: ServiceItem,
    response: SavedItem,
  }),
  export: defineEndpoint({
    method: 'GET',
    path: '/catalogue/export',
    tags,
    summary: '导出办事指南 The catalogue as Excel or CSV',
    query: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
    response: fileReply(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'the catalogue as a spreadsheet (CSV with format=csv)',
    ),
  }),
  import: defineEndpoint({
    method: 'POST',
    path: '/catalogue/import',
    tags,
    summary: '导入办事指南 Import the catalogue (CSV or XLSX, multipart): all rows or none, bad rows by line',
    response: z.object({ created: z.number().int(), revised: z.number().int() }),
  }),
  search: defineEndpoint({
    method: 'GET',
    path: '/public/catalogue/items',
    tags: ['public'],
    summary: '查找事项 Search the catalogue (fragments, a wrong character forgiven)',
    query: z.object({ q: z.string().max(40).default('') }),
    response: z.array(ItemSummary),
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/public/catalogue/items/:code',
    tags: ['public'],
    summary: "办事指南 One item's guide (the current version, or ?version=)",
    params: byCode,
    query: z.object({ version: z.coerce.number().int().min(1).optional() }),
    response: ItemGuide,
  }),
};
