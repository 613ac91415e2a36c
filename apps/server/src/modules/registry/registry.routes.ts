import type { FastifyInstance } from 'fastify';
import { registry as endpoints } from '@grassroots/contracts';
import type { ModuleContext } from '../../core/module.ts';
import { uploadLimits } from '../../core/documents/upload-limits.ts';
import { AppError } from '../../core/errors.ts';
import { route } from '../../http/endpoint.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { AgentsService } from './agents.service.ts';
import { HouseholdsService } from './households.service.ts';
import { RegistryImportService } from './registry-imports.service.ts';

export async function registryRoutes(server: FastifyInstance, app: ModuleContext<'registry'>) {
  route(
    server,
    endpoints.search,
    async (request) => {
      const actor = actorOf(request);
      return app.registry.search(actor, request.query, await app.reads.reader(actor));
    },
    { permission: 'person.read' },
  );
  route(server, endpoints.person, async (request) => app.registry.get(actorOf(request), request.params.id), {
    permission: 'person.read',
  });
  route(
    server,
    endpoints.reveal,
    async (request) => app.registry.reveal(actorOf(request), request.params.id, request.body.reason),
    { permission: 'person.reveal' },
  );
  route(server, endpoints.create, async (request) => app.registry.create(actorOf(request), request.body), {
    permission: 'person.write',
  });

  // 委托代理人: who may apply for the person on the portal besides herself and her household's adults
  const agents = new AgentsService(app.db, app.cipher, app.clock);
  route(server, endpoints.agents, async (request) => agents.list(actorOf(request), request.params.id), {
    permission: 'person.read',
  });
  route(
    server,
    endpoints.registerAgent,
    async (request) => agents.register(actorOf(request), request.params.id, request.body),
    { permission: 'person.write' },
  );
  route(
    server,
    endpoints.revokeAgent,
    async (request) => agents.revoke(actorOf(request), request.params.id, request.params.agentId, request.body.reason),
    { permission: 'person.write' },
  );
}

export async function registryImportRoutes(server: FastifyInstance, app: ModuleContext<'registry'>) {
  const imports = new RegistryImportService(app.db, app.cipher, app.database);
  // multipart: the file is streamed, not held nor validated as a body; its size is the file's limit
  // (GRASSROOTS_MAX_UPLOAD_MB), answered with 413
  route(
    server,
    endpoints.importPreview,
    async (request) => {
      const limits = uploadLimits(app.config);
      const file = await request.file({ limits: { fileSize: limits.maxUploadBytes } });
      if (!file) throw new AppError(400, 'file_missing', '请选择要导入的文件', 'No file in the request', 'file');
      return imports.preview(actorOf(request), { fileName: file.filename, file: file.file }, limits);
    },
    { permission: 'registry.import' },
  );
  route(
    server,
    endpoints.importPersons,
    async (request, reply) => {
      const limits = uploadLimits(app.config);
      const file = await request.file({ limits: { fileSize: limits.maxUploadBytes } });
      if (!file) throw new AppError(400, 'file_missing', '请选择要导入的文件', 'No file in the request', 'file');
      const field = (name: string) => {
        const f = file.fields[name] as { value?: unknown } | undefined;
        return typeof f?.value === 'string' ? f.value : undefined;
      };
      const summary = await imports.run(
        actorOf(request),
        {
          fileName: file.filename,
          file: file.file,
          fields: { mode: field('mode'), source: field('source'), mapping: field('mapping') },
        },
        limits,
      );
      // a rejected import answers 422 with the same summary
      if (summary.status !== 'applied') reply.status(422);
      return summary;
    },
    { permission: 'registry.import' },
  );
  route(server, endpoints.import, async (request) => imports.get(actorOf(request), request.params.id), {
    permission: 'registry.import',
  });
  route(
    server,
    endpoints.importErrors,
    async (request, reply) => {
      const csv = await imports.errorReport(actorOf(request), request.params.id);
      reply.header('content-disposition', 'attachment; filename="import-errors.csv"');
      return csv;
    },
    { permission: 'registry.import' },
  );
  route(server, endpoints.conflicts, async (request) => imports.conflicts(actorOf(request)), {
    permission: 'person.write',
  });
}

export async function householdRoutes(server: FastifyInstance, app: ModuleContext<'registry'>) {
  const households = new HouseholdsService(app.db);
  route(server, endpoints.createHousehold, async (request) => households.create(actorOf(request), request.body), {
    permission: 'person.write',
  });
  route(server, endpoints.household, async (request) => households.get(actorOf(request), request.params.number), {
    permission: 'person.read',
  });
}
