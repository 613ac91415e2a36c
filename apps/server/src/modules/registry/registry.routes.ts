import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AgentRegistration, AgentRevocation, AgentView } from '@grassroots/contracts';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { requirePermission, requireScope } from '../../core/auth/actor.ts';
import { SHEET_CONTENT_TYPES, writeSheet } from '../../core/documents/spreadsheet.ts';
import { uploadLimits } from '../../core/documents/upload-limits.ts';
import { AppError } from '../../core/errors.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { AgentsService } from './agents.service.ts';
import { HouseholdsService } from './households.service.ts';
import { IMPORT_FIELDS, previewRows } from './import-reader.ts';
import { importPersons } from './registry.import.ts';
import {
  findImportErrorsInScope,
  findImportInScope,
  getDepartmentCode,
  listOpenConflictsInScope,
} from './registry.repository.ts';
import { personScope } from './registry.service.ts';

const PersonBody = z.object({
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

export async function registryRoutes(server: FastifyInstance, app: ModuleContext<'registry'>) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/persons',
    {
      schema: {
        tags: ['registry'],
        summary: '人员查询 Search persons (ID, mobile, name, address, household)',
        querystring: z.object({
          idNumber: z.string().optional(),
          phone: z.string().max(20).optional(),
          name: z.string().max(50).optional(),
          address: z.string().max(100).optional(),
          household: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    async (request) =>
      app.registry.search(actorOf(request), { ...request.query, householdNumber: request.query.household }),
  );
  api.get(
    '/persons/:id',
    {
      schema: {
        tags: ['registry'],
        summary: '人员详情（脱敏） Person (masked)',
        params: z.object({ id: z.string().uuid() }),
      },
    },
    async (request) => app.registry.get(actorOf(request), request.params.id),
  );
  api.post(
    '/persons/:id/reveal',
    {
      schema: {
        tags: ['registry'],
        summary: '查看完整身份信息（留痕） Reveal ID and phone (audited)',
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ reason: z.string().min(2).max(200) }),
      },
    },
    async (request) => app.registry.reveal(actorOf(request), request.params.id, request.body.reason),
  );
  api.post(
    '/persons',
    { schema: { tags: ['registry'], summary: '登记人员 Register a person', body: PersonBody } },
    async (request, reply) => reply.status(201).send(await app.registry.create(actorOf(request), request.body)),
  );

  // 委托代理人: who may apply for the person on the portal besides herself and her household's adults
  const agents = new AgentsService(app.db, app.cipher, app.clock);
  api.get(
    '/persons/:id/agents',
    {
      schema: {
        tags: ['registry'],
        summary: '委托代理人 Registered agents (phone masked)',
        params: z.object({ id: z.string().uuid() }),
        response: { 200: z.array(AgentView) },
      },
    },
    async (request) => agents.list(actorOf(request), request.params.id),
  );
  api.post(
    '/persons/:id/agents',
    {
      schema: {
        tags: ['registry'],
        summary: '登记委托代理人 Register an agent after seeing the document (audited)',
        params: z.object({ id: z.string().uuid() }),
        body: AgentRegistration,
      },
    },
    async (request, reply) =>
      reply.status(201).send(await agents.register(actorOf(request), request.params.id, request.body)),
  );
  api.post(
    '/persons/:id/agents/:agentId/revoke',
    {
      schema: {
        tags: ['registry'],
        summary: '撤销委托代理人 Revoke an agent (audited)',
        params: z.object({ id: z.string().uuid(), agentId: z.string().uuid() }),
        body: AgentRevocation,
      },
    },
    async (request) => agents.revoke(actorOf(request), request.params.id, request.params.agentId, request.body.reason),
  );
}

function importFormatOf(fileName: string): 'csv' | 'xlsx' {
  const format = /\.xlsx$/i.test(fileName) ? 'xlsx' : /\.csv$/i.test(fileName) ? 'csv' : undefined;
  if (!format)
    throw new AppError(415, 'unsupported_file_type', '只接受 .csv 或 .xlsx 文件', 'Only .csv or .xlsx files', 'file');
  return format;
}

const Mapping = z.record(z.string().max(100), z.string().max(40));
function parseMapping(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const r = Mapping.safeParse(parsed);
  if (!r.success)
    throw new AppError(
      400,
      'invalid_mapping',
      '列对应关系格式不正确',
      'The column mapping must be a JSON object of heading → field',
      'mapping',
    );
  return r.data;
}

const importNotFound = () =>
  new AppError(404, 'not_found', '导入记录不存在或不在您的辖区内', 'Import not found or outside your jurisdiction');

export async function registryImportRoutes(server: FastifyInstance, app: ModuleContext<'registry'>) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  // a multipart body is streamed, not held: its size is the file's limit (GRASSROOTS_MAX_UPLOAD_MB), answered with 413
  api.post(
    '/imports/persons/preview',
    {
      schema: {
        tags: ['registry'],
        summary:
          '导入预览 The heading, the first rows and the suggested column mapping of an import file (nothing is stored)',
      },
    },
    async (request) => {
      requirePermission(actorOf(request), 'registry.import');
      const limits = uploadLimits(app.config);
      const file = await request.file({ limits: { fileSize: limits.maxUploadBytes } });
      if (!file) throw new AppError(400, 'file_missing', '请选择要导入的文件', 'No file in the request', 'file');
      const preview = await previewRows(file.file, importFormatOf(file.filename), 5, limits);
      return { ...preview, fields: IMPORT_FIELDS };
    },
  );
  api.post(
    '/imports/persons',
    {
      schema: {
        tags: ['registry'],
        summary:
          '批量导入人员 Import persons from CSV (UTF-8/GB18030) or XLSX; multipart fields mode=all_or_nothing|good_rows, source=department code, then file',
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const limits = uploadLimits(app.config);
      const file = await request.file({ limits: { fileSize: limits.maxUploadBytes } });
      if (!file) throw new AppError(400, 'file_missing', '请选择要导入的文件', 'No file in the request', 'file');
      const field = (name: string) => {
        const f = file.fields[name] as { value?: unknown } | undefined;
        return typeof f?.value === 'string' ? f.value : undefined;
      };
      const format = importFormatOf(file.filename);
      const source = field('source') ?? (await getDepartmentCode(app.db, actor.departmentId)).code;
      const summary = await importPersons(app.db, app.cipher, actor, file.file, {
        format,
        fileName: file.filename,
        source,
        goodRows: field('mode') === 'good_rows',
        mapping: parseMapping(field('mapping')),
        limits,
      });
      return reply.status(summary.status === 'applied' ? 201 : 422).send({
        ...summary,
        errors: summary.errors.slice(0, 100),
        errorReport: `/api/v1/imports/${summary.id}/errors.csv`,
      });
    },
  );
  api.get(
    '/imports/:id',
    { schema: { tags: ['registry'], summary: '导入结果 Import summary', params: z.object({ id: z.string().uuid() }) } },
    async (request) => {
      const row = await findImportInScope(app.db, request.params.id, requireScope(actorOf(request), 'registry.import'));
      if (!row) throw importNotFound();
      return { ...row, errors: row.errors.slice(0, 100) };
    },
  );
  api.get(
    '/imports/:id/errors.csv',
    {
      schema: {
        tags: ['registry'],
        summary: '错误报告 Error report (line, field, reason)',
        params: z.object({ id: z.string().uuid() }),
      },
    },
    async (request, reply) => {
      const row = await findImportErrorsInScope(
        app.db,
        request.params.id,
        requireScope(actorOf(request), 'registry.import'),
      );
      if (!row) throw importNotFound();
      const csv = await writeSheet(
        'csv',
        'errors',
        ['行号 line', '字段 field', '原因 reason'],
        row.errors.map((e) => [e.line, e.field, e.reason]),
      );
      return reply
        .header('content-type', SHEET_CONTENT_TYPES.csv)
        .header('content-disposition', 'attachment; filename="import-errors.csv"')
        .send(csv);
    },
  );
  api.get(
    '/registry/conflicts',
    { schema: { tags: ['registry'], summary: '待核实的数据冲突 Conflicting values listed for review' } },
    async (request) => {
      const actor = actorOf(request);
      const scope = personScope(actor, 'person.write');
      return listOpenConflictsInScope(app.db, scope);
    },
  );
}

export async function householdRoutes(server: FastifyInstance, app: ModuleContext<'registry'>) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const households = new HouseholdsService(app.db);
  api.post(
    '/households',
    {
      schema: {
        tags: ['registry'],
        summary: '立户 Create a household (exactly one head)',
        body: z.object({
          number: z.string().min(1).max(30),
          divisionCode: z.string(),
          address: z.string().min(1).max(200),
          members: z.array(z.object({ personId: z.string().uuid(), relation: z.string() })).min(1),
        }),
      },
    },
    async (request, reply) => reply.status(201).send(await households.create(actorOf(request), request.body)),
  );
  api.get(
    '/households/:number',
    {
      schema: {
        tags: ['registry'],
        summary: '户详情 Household with its members',
        params: z.object({ number: z.string() }),
      },
    },
    async (request) => households.get(actorOf(request), request.params.number),
  );
}
