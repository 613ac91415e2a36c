import { z } from 'zod';
import { OkReply } from './auth.ts';
import { CalendarDate } from './dates.ts';
import { Created, defineEndpoint } from './endpoint.ts';

/** The administrative tree (divisions: new, merged, split) and the register of outside organisations. */
const tags = ['org'];

/** A division as it is stored: a merged one keeps its code with an end date and its successor. */
export const Division = z.object({
  code: z.string(),
  name: z.string(),
  level: z.number().int(),
  parent_code: z.string().nullable(),
  /** the materialised path of codes, `/code/…/code/` */
  path: z.string(),
  successor_code: z.string().nullable(),
  split_from: z.string().nullable(),
  valid_from: CalendarDate,
  valid_until: CalendarDate.nullable(),
});
export type Division = z.infer<typeof Division>;

export const DivisionChildrenQuery = z.object({ on: CalendarDate.optional() });
export type DivisionChildrenQuery = z.infer<typeof DivisionChildrenQuery>;

export const AddDivision = z.object({
  code: z.string(),
  name: z.string().min(1),
  parentCode: z.string(),
  validFrom: CalendarDate.optional(),
});
export type AddDivision = z.infer<typeof AddDivision>;

export const MergeDivision = z.object({ fromCode: z.string(), intoCode: z.string(), effective: CalendarDate });
export type MergeDivision = z.infer<typeof MergeDivision>;

export const SplitDivision = z.object({
  fromCode: z.string(),
  newCode: z.string(),
  newName: z.string().min(1).max(50),
  childCodes: z.array(z.string()).max(500),
  effective: CalendarDate,
});
export type SplitDivision = z.infer<typeof SplitDivision>;

export const OrganisationKind = z.enum(['property_company', 'enterprise', 'bank', 'social_organisation', 'other']);
export type OrganisationKind = z.infer<typeof OrganisationKind>;

export const NewOrganisation = z.object({
  name: z.string().min(2).max(100),
  kind: OrganisationKind,
  creditCode: z
    .string()
    .regex(
      /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/,
      '统一社会信用代码应为18位 / 18-character unified social credit code',
    )
    .optional(),
  divisionCode: z.string(),
  phone: z.string().max(30).optional(),
});
export type NewOrganisation = z.infer<typeof NewOrganisation>;

export const OrganisationsQuery = z.object({ kind: z.string().optional(), name: z.string().optional() });
export type OrganisationsQuery = z.infer<typeof OrganisationsQuery>;

export const Organisation = z.object({
  id: z.string(),
  name: z.string(),
  /** stored as text: rows older than the enum may carry another kind */
  kind: z.string(),
  credit_code: z.string().nullable(),
  division_code: z.string(),
  phone: z.string().nullable(),
});
export type Organisation = z.infer<typeof Organisation>;

export const org = {
  children: defineEndpoint({
    method: 'GET',
    path: '/divisions/:code/children',
    tags,
    summary: '下级区划 Child divisions (on a day: those in force then)',
    params: z.object({ code: z.string().regex(/^\d{6,15}$/) }),
    query: DivisionChildrenQuery,
    response: z.array(Division),
  }),
  addDivision: defineEndpoint({
    method: 'POST',
    path: '/divisions',
    tags,
    summary: '新增区划 Add a division',
    body: AddDivision,
    response: OkReply,
    status: 201,
  }),
  mergeDivision: defineEndpoint({
    method: 'POST',
    path: '/divisions/merge',
    tags,
    summary: '区划撤并 Merge a division into another',
    body: MergeDivision,
    response: OkReply,
  }),
  splitDivision: defineEndpoint({
    method: 'POST',
    path: '/divisions/split',
    tags,
    summary: '区划分设 Split a division: a new one beside it takes over some of its children',
    body: SplitDivision,
    response: OkReply,
    status: 201,
  }),
  registerOrganisation: defineEndpoint({
    method: 'POST',
    path: '/organisations',
    tags,
    summary: '登记单位 Register an organisation',
    body: NewOrganisation,
    response: Created,
    status: 201,
  }),
  organisations: defineEndpoint({
    method: 'GET',
    path: '/organisations',
    tags,
    summary: '单位 Organisations (at most 200, by name)',
    query: OrganisationsQuery,
    response: z.array(Organisation),
  }),
};
