// the bench route's `schema.hide` is typed by the docs plugin's augmentation, wherever this file is compiled
import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { catalogue as endpoints } from '@grassroots/contracts';
import type { ModuleContext } from '../../core/module.ts';
import { uploadedBytes, uploadLimits } from '../../core/documents/upload-limits.ts';
import { AppError } from '../../core/errors.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { route } from '../../http/endpoint.ts';
import { benchBaselineSearch } from './catalogue.repository.ts';
import type { CatalogueService } from './catalogue.service.ts';

export async function catalogueRoutes(server: FastifyInstance, app: ModuleContext, catalogue: CatalogueService) {
  const limited = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

  route(server, endpoints.create, async (request) => catalogue.create(actorOf(request), request.body), {
    permission: 'config.manage',
  });
  route(
    server,
    endpoints.revise,
    async (request) =>
      catalogue.revise(actorOf(request), request.params.code, request.query.expectedVersion, request.body),
    { permission: 'config.manage' },
  );

  route(server, endpoints.export, async (request, reply) => {
    actorOf(request);
    const file = await catalogue.exportSheet(request.query.format);
    // CSV or XLSX as asked: the declared type is the default's
    reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.fileName}"`);
    return file.body;
  });

  // multipart: the file is read from the stream, not validated as a body
  route(
    server,
    endpoints.import,
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
    { permission: 'config.manage' },
  );

  // the catalogue is public (政务公开): search and read without signing in
  route(server, endpoints.search, async (request) => catalogue.search(request.query.q), { config: limited(120) });
  route(server, endpoints.get, async (request) => catalogue.get(request.params.code, request.query.version), {
    config: limited(120),
  });
}

/** The catalogue search bench's baseline (bench/centre.bench.ts): its statements bare, at the root, hidden. */
export async function catalogueBenchRoutes(server: FastifyInstance, app: ModuleContext) {
  server.get('/bench/catalogue-search', { schema: { hide: true } }, async (request) =>
    benchBaselineSearch(app.db, String((request.query as { q?: string }).q ?? '')),
  );
}
