import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { uploadedBytes, uploadLimits } from '../../core/documents/upload-limits.ts';
import { AppError } from '../../core/errors.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { CatalogueService } from './catalogue.service.ts';

const tags = ['catalogue'];
const codeParams = z.object({ code: z.string().regex(/^[0-9A-Za-z-]{4,40}$/) });

export async function catalogueRoutes(server: FastifyInstance, app: ModuleContext) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const catalogue = new CatalogueService(app.db, app.clock);
  const limited = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

  api.post(
    '/catalogue/items',
    { schema: { tags, summary: '新增事项 Add an item with its whole guide', body: z.unknown() } },
    async (request, reply) => reply.status(201).send(await catalogue.create(actorOf(request), request.body)),
  );

  api.put(
    '/catalogue/items/:code',
    {
      schema: {
        tags,
        summary: '修订事项 Save a new version (409 on a stale one); open cases keep theirs',
        params: codeParams,
        querystring: z.object({ expectedVersion: z.coerce.number().int().min(1) }),
        body: z.unknown(),
      },
    },
    async (request) =>
      catalogue.revise(actorOf(request), request.params.code, request.query.expectedVersion, request.body),
  );

  api.get(
    '/catalogue/export',
    {
      schema: {
        tags,
        summary: '导出办事指南 The catalogue as Excel or CSV',
        querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
      },
    },
    async (request, reply) => {
      actorOf(request);
      const file = await catalogue.exportSheet(request.query.format);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.body);
    },
  );

  api.post(
    '/catalogue/import',
    {
      schema: { tags, summary: '导入办事指南 Import the catalogue (CSV or XLSX): all rows or none, bad rows by line' },
    },
    async (request) => {
      const actor = actorOf(request);
      const limits = uploadLimits(app.config, 20 * 1024 * 1024);
      const file = await request.file({ limits: { fileSize: limits.maxUploadBytes } });
      if (!file) throw new AppError(400, 'file_missing', '请选择文件', 'No file in the request', 'file');
      return catalogue.importSheet(
        actor,
        await uploadedBytes(file, limits),
        /\.xlsx$/i.test(file.filename) ? 'xlsx' : 'csv',
        limits,
      );
    },
  );

  // the catalogue is public (政务公开): search and read without signing in
  api.get(
    '/public/catalogue/items',
    {
      schema: {
        tags: ['public'],
        summary: '查找事项 Search the catalogue (fragments, a wrong character forgiven)',
        querystring: z.object({ q: z.string().max(40).default('') }),
      },
      config: limited(120),
    },
    async (request) => catalogue.search(request.query.q),
  );

  api.get(
    '/public/catalogue/items/:code',
    {
      schema: {
        tags: ['public'],
        summary: "办事指南 One item's guide (the current version, or ?version=)",
        params: codeParams,
        querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
      },
      config: limited(120),
    },
    async (request) => catalogue.get(request.params.code, request.query.version),
  );
}
