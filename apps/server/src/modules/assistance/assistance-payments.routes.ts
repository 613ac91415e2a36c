import type { FastifyInstance } from 'fastify';
import { assistancePayments as endpoints } from '@grassroots/contracts';
import type { ModuleContext } from '../../core/module.ts';
import { requireScope } from '../../core/auth/actor.ts';
import { uploadedBytes, uploadLimits } from '../../core/documents/upload-limits.ts';
import { AppError } from '../../core/errors.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { route } from '../../http/endpoint.ts';
import { BANK_TEMPLATES } from './bank-files.ts';

/** 社会化发放 (cycles, bank files, returns, re-issues) and the funds they are paid from. */
export async function paymentRoutes(server: FastifyInstance, app: ModuleContext<'assistance'>) {
  const { payments, funds } = app.assistance;
  const read = { permission: 'assistance.read' } as const;
  const prepare = { permission: 'payment.prepare' } as const;

  // ── funds and reports
  route(server, endpoints.setBudget, async (request) => funds.setBudget(actorOf(request), request.body), {
    permission: 'assistance.manage',
  });
  route(server, endpoints.funds, async (request) => funds.funds(actorOf(request), request.query.year), read);
  // JSON to read, or the same figures as Excel or CSV to take away
  route(
    server,
    endpoints.report,
    async (request, reply) => {
      const actor = actorOf(request);
      if (request.query.format === 'json') return funds.report(actor, request.query.year);
      const file = await funds.reportSheet(actor, request.query.year, request.query.format);
      // the file is sent as it is (bytes or a text with its own content type are not serialized); the reply stands for it
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.body) as never;
    },
    read,
  );

  // ── payments (社会化发放)
  route(
    server,
    endpoints.bankTemplates,
    async (request) => {
      requireScope(actorOf(request), 'assistance.read');
      return Object.values(BANK_TEMPLATES).map((t) => ({
        code: t.code,
        name: t.name,
        columns: t.columns.map(([h]) => h),
      }));
    },
    read,
  );
  route(server, endpoints.cycles, async (request) => payments.cycles(actorOf(request), request.query.programme), read);
  route(server, endpoints.draft, async (request) => payments.draft(actorOf(request), request.body), prepare);
  route(server, endpoints.cycle, async (request) => payments.cycle(actorOf(request), request.params.id), read);
  route(server, endpoints.approve, async (request) => payments.approve(actorOf(request), request.params.id), {
    permission: 'payment.approve',
  });
  route(
    server,
    endpoints.exportFile,
    async (request) => payments.exportFile(actorOf(request), request.params.id, request.body.template),
    prepare,
  );
  route(
    server,
    endpoints.downloadFile,
    async (request, reply) => {
      const file = await payments.downloadFile(actorOf(request), request.params.id, request.query.format);
      // XLSX or CSV as asked: the declared type is the default's
      reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`);
      return file.body;
    },
    prepare,
  );
  // multipart: the file is read from the stream, not validated as a body
  route(
    server,
    endpoints.importReturn,
    async (request) => {
      const actor = actorOf(request);
      const limits = uploadLimits(app.config, 50 * 1024 * 1024);
      const file = await request.file({ limits: { fileSize: limits.maxUploadBytes } });
      if (!file) throw new AppError(400, 'file_missing', '请选择回盘文件', 'No file in the request', 'file');
      const bytes = await uploadedBytes(file, limits);
      return payments.importReturn(
        actor,
        request.params.id,
        bytes,
        /\.xlsx$/i.test(file.filename) ? 'xlsx' : 'csv',
        limits,
      );
    },
    prepare,
  );
  route(server, endpoints.reissue, async (request) => payments.reissue(actorOf(request), request.params.id), prepare);
}
