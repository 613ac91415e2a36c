import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { requireScope } from '../../core/auth/actor.ts';
import { uploadedBytes, uploadLimits } from '../../core/documents/upload-limits.ts';
import { AppError } from '../../core/errors.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { BANK_TEMPLATES } from './bank-files.ts';
import { PROGRAMME_CODES } from './programmes.ts';

const uuid = z.string().uuid();
const idParams = z.object({ id: uuid });
const tags = ['assistance'];

/** 社会化发放 (cycles, bank files, returns, re-issues) and the funds they are paid from. */
export async function paymentRoutes(server: FastifyInstance, app: ModuleContext<'assistance'>) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { payments, funds } = app.assistance;

  // ── funds and reports
  api.put(
    '/assistance/budgets',
    {
      schema: {
        tags,
        summary:
          "预算 Set a programme's budget for a division and year (with working funds and general budget revenue)",
        body: z.object({
          programme: z.enum(PROGRAMME_CODES),
          divisionCode: z.string().regex(/^\d{6,12}$/),
          year: z.number().int().min(2000).max(2100),
          budgetFen: z.number().int().min(0),
          workingFundsFen: z.number().int().min(0).optional(),
          generalRevenueFen: z.number().int().min(1).optional(),
          basis: z.string().max(200),
        }),
      },
    },
    async (request) => funds.setBudget(actorOf(request), request.body),
  );

  api.get(
    '/assistance/funds',
    {
      schema: {
        tags,
        summary: "资金 Budgets, paid to date, and the seeds' ratios",
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
      },
    },
    async (request) => funds.funds(actorOf(request), request.query.year),
  );

  api.get(
    '/assistance/reports/payments',
    {
      schema: {
        tags,
        summary: '发放统计 Paid payments by township, programme, class and month (figures only); Excel or CSV',
        querystring: z.object({
          year: z.coerce.number().int().min(2000).max(2100),
          format: z.enum(['json', 'csv', 'xlsx']).default('json'),
        }),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (request.query.format === 'json') return funds.report(actor, request.query.year);
      const file = await funds.reportSheet(actor, request.query.year, request.query.format);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.body);
    },
  );

  // ── payments (社会化发放)
  api.get(
    '/assistance/bank-templates',
    { schema: { tags, summary: '银行模板 Bank file templates' } },
    async (request) => {
      requireScope(actorOf(request), 'assistance.read');
      return Object.values(BANK_TEMPLATES).map((t) => ({
        code: t.code,
        name: t.name,
        columns: t.columns.map(([h]) => h),
      }));
    },
  );

  api.get(
    '/assistance/payment-cycles',
    {
      schema: {
        tags,
        summary: '发放批次 Payment cycles',
        querystring: z.object({ programme: z.string().max(40).optional() }),
      },
    },
    async (request) => payments.cycles(actorOf(request), request.query.programme),
  );

  api.post(
    '/assistance/payment-cycles',
    {
      schema: {
        tags,
        summary: '编制发放批次 Draft a cycle from the active entitlements, with control totals',
        body: z.object({
          programme: z.enum(PROGRAMME_CODES),
          divisionCode: z.string().regex(/^\d{6,12}$/),
          period: z.string().max(7),
        }),
      },
    },
    async (request, reply) => reply.status(201).send(await payments.draft(actorOf(request), request.body)),
  );

  api.get(
    '/assistance/payment-cycles/:id',
    {
      schema: {
        tags,
        summary: '批次详情 A cycle: totals by status, bank files, payments needing attention',
        params: idParams,
      },
    },
    async (request) => payments.cycle(actorOf(request), request.params.id),
  );

  api.post(
    '/assistance/payment-cycles/:id/approve',
    { schema: { tags, summary: '复核批次 Approve a cycle (not by the person who drafted it)', params: idParams } },
    async (request) => payments.approve(actorOf(request), request.params.id),
  );

  api.post(
    '/assistance/payment-cycles/:id/files',
    {
      schema: {
        tags,
        summary: '生成银行文件 Make the bank file of the payments not yet sent',
        params: idParams,
        body: z.object({ template: z.string().max(40).default('standard') }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await payments.exportFile(actorOf(request), request.params.id, request.body.template)),
  );

  api.get(
    '/assistance/payment-files/:id/download',
    {
      schema: {
        tags,
        summary: '下载银行文件 Download a bank file (audited)',
        params: idParams,
        querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
      },
    },
    async (request, reply) => {
      const file = await payments.downloadFile(actorOf(request), request.params.id, request.query.format);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.body);
    },
  );

  api.post(
    '/assistance/payment-files/:id/return',
    {
      schema: {
        tags,
        summary: "导入回盘 Import the bank's return file (CSV or XLSX); refused whole with a report on any mismatch",
        params: idParams,
      },
    },
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
  );

  api.post(
    '/assistance/payments/:id/reissue',
    {
      schema: {
        tags,
        summary: '重新发放 Re-issue a failed payment after the account was corrected',
        params: z.object({ id: z.string().regex(/^\d{1,18}$/) }),
      },
    },
    async (request, reply) => reply.status(201).send(await payments.reissue(actorOf(request), request.params.id)),
  );
}
