import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);

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

/** Every element of a national service guide (国家政务服务事项办事指南要素). */
export const ServiceItem = z
  .object({
    code: z.string().regex(/^[0-9A-Za-z-]{4,40}$/, '事项编码 / item code'),
    name: text(100),
    kind: z.enum(['licence', 'payment', 'confirmation', 'adjudication', 'reward', 'publicService', 'other']),
    departmentCode: text(40),
    window: z.string().max(60).default(''),
    legalBasis: z.array(text(300)).min(1),
    conditions: z.array(text(500)).min(1),
    materials: z.array(Material).default([]),
    steps: z.array(z.object({ name: text(60), countsTowardLimit: z.boolean().default(true) })).min(1),
    statutoryDays: z.number().int().min(0).max(365),
    promisedDays: z.number().int().min(0).max(365),
    limitUnit: z.enum(['working', 'calendar']).default('working'),
    fees: z.array(z.object({ name: text(60), amountFen: z.number().int().min(0), basis: text(200) })).default([]),
    place: z.string().max(200).default(''),
    hours: z.string().max(200).default(''),
    enquiryPhone: z.string().max(40).default(''),
    complaintPhone: z.string().max(40).default(''),
    handlingMode: z.enum(['onTheSpot', 'promised', 'agency', 'forwarded']),
    visitsNeeded: z.number().int().min(0).max(10).default(1),
    appointment: z.boolean().default(false),
  })
  .superRefine((item, ctx) => {
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

/** What search reads: the name and code first, then the conditions and the materials. */
export const searchTextOf = (i: ServiceItem) =>
  [i.name, i.code, ...i.conditions, ...i.materials.map((m) => m.name)].join(' ');
