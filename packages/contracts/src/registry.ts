import { z } from 'zod';
import { AgentRegistration, AgentRevocation, AgentView } from './agents.ts';
import { CalendarDate } from './dates.ts';
import { Created, defineEndpoint, fileReply, Instant } from './endpoint.ts';

/**
 * 人口库: persons (lists show the ID number and phone masked; the clear values only through the audited
 * reveal), households with exactly one head, agents (委托代理人), bulk imports and the conflicts they leave.
 * Households' members, imports and conflicts keep the database's column names (snake_case) the console reads.
 */
const tags = ['registry'];
const byId = z.object({ id: z.uuid() });

export const PersonView = z.object({
  id: z.string(),
  idNumber: z.string().describe('masked unless revealed'),
  name: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: CalendarDate,
  ethnicity: z.string().nullable(),
  phone: z.string().nullable(),
  registeredAddress: z.string().nullable(),
  residenceAddress: z.string().nullable(),
  residenceType: z.enum(['resident', 'floating']),
  maritalStatus: z.string().nullable(),
  disabilityGrade: z.number().nullable(),
  isVeteran: z.boolean(),
  divisionCode: z.string(),
  provenance: z.record(z.string(), z.object({ source: z.string(), at: z.string() }).loose()),
});
export type PersonView = z.infer<typeof PersonView>;

/** A member of a household as the household shows it (ID number masked). */
export const HouseholdMember = z.object({
  id: z.string(),
  name: z.string(),
  id_number_masked: z.string(),
  relation: z.string(),
});
export type HouseholdMember = z.infer<typeof HouseholdMember>;

/** A household with its members, head first; `relation` is the relation to the head of the person it was reached from. */
export const HouseholdView = z.object({
  id: z.string(),
  number: z.string(),
  address: z.string(),
  relation: z.string(),
  members: z.array(HouseholdMember),
});
export type HouseholdView = z.infer<typeof HouseholdView>;

/** A person (masked) with her household, when she has one. */
export const PersonDetail = PersonView.extend({ household: HouseholdView.optional() });
export type PersonDetail = z.infer<typeof PersonDetail>;

/** At least one of ID number, mobile, name or address fragment, household number. */
export const PersonQuery = z.object({
  idNumber: z.string().optional(),
  phone: z.string().max(20).optional(),
  name: z.string().max(50).optional(),
  address: z.string().max(100).optional(),
  /** the household's number */
  household: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type PersonQuery = z.output<typeof PersonQuery>;

/** A person to register: the values are checked by the registry's rules (each problem names its field). */
export const NewPerson = z.object({
  idNumber: z.string(),
  name: z.string(),
  sex: z.string().optional(),
  birthDate: z.string().optional(),
  ethnicity: z.string().optional(),
  phone: z.string().optional(),
  registeredAddress: z.string().optional(),
  residenceAddress: z.string().optional(),
  residenceType: z.string().optional(),
  maritalStatus: z.string().optional(),
  disabilityGrade: z.number().int().optional(),
  isVeteran: z.boolean().optional(),
  divisionCode: z.string(),
});
export type NewPerson = z.infer<typeof NewPerson>;

export const RevealRequest = z.object({ reason: z.string().min(2).max(200) });
export type RevealRequest = z.infer<typeof RevealRequest>;

export const NewHousehold = z.object({
  number: z.string().min(1).max(30),
  divisionCode: z.string(),
  address: z.string().min(1).max(200),
  members: z.array(z.object({ personId: z.uuid(), relation: z.string() })).min(1),
});
export type NewHousehold = z.infer<typeof NewHousehold>;

export const RevokedAgent = z.object({ id: z.string(), revokedAt: Instant });
export type RevokedAgent = z.infer<typeof RevokedAgent>;

/** A bad row of an import: the line of the file, the field and why. */
export const ImportError = z.object({ line: z.number(), field: z.string(), reason: z.string() });
export type ImportError = z.infer<typeof ImportError>;

export const ImportPreview = z.object({
  header: z.array(z.string()),
  rows: z.array(z.object({ line: z.number(), cells: z.array(z.string()) })),
  /** the field each heading maps to by the known aliases ('' for none) */
  suggested: z.array(z.string()),
  /** every field a column may be mapped to */
  fields: z.array(z.string()),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

/** The outcome of an import: 201 when applied, 422 (the same body) when rejected. The first 100 errors; all in the report. */
export const ImportSummary = z.object({
  id: z.string(),
  status: z.enum(['applied', 'rejected']),
  mode: z.enum(['all_or_nothing', 'good_rows']),
  fileHash: z.string(),
  total: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  bad: z.number(),
  conflicts: z.number(),
  errors: z.array(ImportError),
  /** the address of the error report (CSV) */
  errorReport: z.string(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

/** An import as stored (the first 100 errors). */
export const ImportRecord = z.object({
  id: z.string(),
  kind: z.string(),
  source: z.string(),
  file_name: z.string(),
  file_hash: z.string(),
  mode: z.enum(['all_or_nothing', 'good_rows']),
  status: z.string(),
  total_rows: z.number(),
  inserted_rows: z.number(),
  updated_rows: z.number(),
  unchanged_rows: z.number(),
  bad_rows: z.number(),
  conflicts: z.number(),
  errors: z.array(ImportError),
  created_by: z.string().nullable(),
  created_at: Instant,
});
export type ImportRecord = z.infer<typeof ImportRecord>;

/** A value an import brought that differs from the one stored: listed for review, the stored one kept. */
export const RegistryConflict = z.object({
  id: z.string(),
  person_id: z.string(),
  name: z.string(),
  field: z.string(),
  current_value: z.string().nullable(),
  incoming_value: z.string().nullable(),
  source: z.string(),
  created_at: Instant,
});
export type RegistryConflict = z.infer<typeof RegistryConflict>;

export const registry = {
  search: defineEndpoint({
    method: 'GET',
    path: '/persons',
    tags,
    summary: '人员查询 Search persons (ID, mobile, name, address, household)',
    query: PersonQuery,
    response: z.array(PersonView),
  }),
  person: defineEndpoint({
    method: 'GET',
    path: '/persons/:id',
    tags,
    summary: '人员详情（脱敏） Person (masked)',
    params: byId,
    response: PersonDetail,
  }),
  reveal: defineEndpoint({
    method: 'POST',
    path: '/persons/:id/reveal',
    tags,
    summary: '查看完整身份信息（留痕） Reveal ID and phone (audited)',
    params: byId,
    body: RevealRequest,
    response: PersonView,
  }),
  create: defineEndpoint({
    method: 'POST',
    path: '/persons',
    tags,
    summary: '登记人员 Register a person',
    body: NewPerson,
    response: Created,
    status: 201,
  }),
  agents: defineEndpoint({
    method: 'GET',
    path: '/persons/:id/agents',
    tags,
    summary: '委托代理人 Registered agents (phone masked)',
    params: byId,
    response: z.array(AgentView),
  }),
  registerAgent: defineEndpoint({
    method: 'POST',
    path: '/persons/:id/agents',
    tags,
    summary: '登记委托代理人 Register an agent after seeing the document (audited)',
    params: byId,
    body: AgentRegistration,
    response: Created,
    status: 201,
  }),
  revokeAgent: defineEndpoint({
    method: 'POST',
    path: '/persons/:id/agents/:agentId/revoke',
    tags,
    summary: '撤销委托代理人 Revoke an agent (audited)',
    params: z.object({ id: z.uuid(), agentId: z.uuid() }),
    body: AgentRevocation,
    response: RevokedAgent,
  }),
  importPreview: defineEndpoint({
    method: 'POST',
    path: '/imports/persons/preview',
    tags,
    summary:
      '导入预览 The heading, the first rows and the suggested column mapping of an import file (multipart; nothing is stored)',
    response: ImportPreview,
  }),
  importPersons: defineEndpoint({
    method: 'POST',
    path: '/imports/persons',
    tags,
    summary:
      '批量导入人员 Import persons from CSV (UTF-8/GB18030) or XLSX; multipart fields mode=all_or_nothing|good_rows, source=department code, mapping=JSON, then file; 422 with the same summary when rejected',
    response: ImportSummary,
    status: 201,
  }),
  import: defineEndpoint({
    method: 'GET',
    path: '/imports/:id',
    tags,
    summary: '导入结果 Import summary',
    params: byId,
    response: ImportRecord,
  }),
  importErrors: defineEndpoint({
    method: 'GET',
    path: '/imports/:id/errors.csv',
    tags,
    summary: '错误报告 Error report (line, field, reason)',
    params: byId,
    response: fileReply('text/csv; charset=utf-8', "the import's bad rows: line, field, reason"),
  }),
  conflicts: defineEndpoint({
    method: 'GET',
    path: '/registry/conflicts',
    tags,
    summary: '待核实的数据冲突 Conflicting values listed for review',
    response: z.array(RegistryConflict),
  }),
  createHousehold: defineEndpoint({
    method: 'POST',
    path: '/households',
    tags,
    summary: '立户 Create a household (exactly one head)',
    body: NewHousehold,
    response: Created,
    status: 201,
  }),
  household: defineEndpoint({
    method: 'GET',
    path: '/households/:number',
    tags,
    summary: '户详情 Household with its members',
    params: z.object({ number: z.string() }),
    response: HouseholdView,
  }),
};
