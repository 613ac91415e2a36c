import type { FastifyInstance } from 'fastify';
import { CalendarDate } from '@grassroots/contracts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { requireScope } from '../../core/auth/actor.ts';
import { uploadedBytes, uploadLimits } from '../../core/documents/upload-limits.ts';
import { AppError } from '../../core/errors.ts';
import { actorOf, idempotencyKey } from '../../http/auth-hook.ts';
import { RESIDENT_COOKIE } from '../portal/resident-auth.service.ts';
import { BANK_TEMPLATES } from './bank-files.ts';
import { ALLOWANCE_PROGRAMMES } from './minimum-allowance.workflow.ts';
import { PROGRAMME_CODES, PROGRAMMES } from './programmes.ts';
import { WORK_KINDS } from './work-records.service.ts';

const uuid = z.string().uuid();
const idParams = z.object({ id: uuid });
const tags = ['assistance'];

export async function assistanceRoutes(server: FastifyInstance, app: ModuleContext<'assistance' | 'portal'>) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { rules, portal, applications, entitlements, payments, familyPlanning, funds, work } = app.assistance;

  api.post(
    '/assistance/rules',
    {
      schema: {
        tags,
        summary:
          '新增救助规则版本 Add a rule version (standard, incomes, rounding, classes); versions are never edited',
        body: z.unknown(),
      },
    },
    async (request, reply) => reply.status(201).send(await rules.add(actorOf(request), request.body)),
  );

  api.get(
    '/assistance/rules/in-force',
    {
      schema: {
        tags,
        summary: '现行规则 The rule version in force for a division on a day',
        querystring: z.object({
          programme: z.string().regex(/^[a-z][a-zA-Z]*$/),
          divisionCode: z.string().regex(/^\d{6,12}$/),
          on: CalendarDate,
        }),
      },
    },
    async (request) => {
      // staff who handle cases read the standards; the figures are public policy (三公开), not personal data
      requireScope(actorOf(request), 'case.read');
      return rules.versionFor(request.query.programme, request.query.divisionCode, request.query.on);
    },
  );

  // ── applications and notices, staff side
  api.get(
    '/assistance/online-applications',
    { schema: { tags, summary: '待受理的网上申请 Online applications waiting to be taken up' } },
    async (request) => applications.pendingOnlineApplications(actorOf(request)),
  );

  api.post(
    '/assistance/online-applications/:id/take-up',
    { schema: { tags, summary: '受理网上申请 Open the case from an online application', params: idParams } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await applications.takeUp(actorOf(request), request.params.id, idempotencyKey(request.headers))),
  );

  api.get(
    '/assistance/cases/:id/objections',
    { schema: { tags, summary: "公示异议 Objections filed against a case's notice", params: idParams } },
    async (request) => applications.objections(actorOf(request), request.params.id),
  );

  // ── entitlements and their ledgers
  api.get(
    '/assistance/entitlements',
    {
      schema: {
        tags,
        summary: '保障对象 Enrolled households',
        querystring: z.object({
          programme: z.enum(PROGRAMME_CODES).optional(),
          status: z.enum(['active', 'suspended', 'terminated']).optional(),
          search: z.string().max(40).optional(),
          cursor: uuid.optional(),
        }),
      },
    },
    async (request) => entitlements.list(actorOf(request), request.query),
  );

  api.get(
    '/assistance/entitlements/:id',
    {
      schema: {
        tags,
        summary: '保障对象详情与台账 An entitlement with its members, changes and payment ledger',
        params: idParams,
      },
    },
    async (request) => entitlements.get(actorOf(request), request.params.id),
  );

  api.put(
    '/assistance/entitlements/:id/account',
    {
      schema: {
        tags,
        summary: '更正收款账户 Change the account paid to',
        params: idParams,
        body: z.object({
          bankName: z.string().max(60),
          account: z.string().max(40),
          expectedVersion: z.number().int(),
        }),
      },
    },
    async (request) => entitlements.changeAccount(actorOf(request), request.params.id, request.body),
  );

  api.post(
    '/assistance/entitlements/:id/account/verify',
    {
      schema: {
        tags,
        summary:
          "核对收款账户 Verify an account typed on the portal against the payee's own bank card or passbook (typed again from it); unverified accounts are not paid",
        params: idParams,
        body: z.object({
          account: z.string().max(40),
          against: z.enum(['bankCard', 'passbook']),
          expectedVersion: z.number().int(),
        }),
      },
    },
    async (request) => entitlements.verifyAccount(actorOf(request), request.params.id, request.body),
  );

  api.post(
    '/assistance/entitlements/:id/changes',
    {
      schema: {
        tags,
        summary: '增发、减发、停发、恢复、终止 Change an entitlement, with its notice',
        params: idParams,
        body: z.object({
          kind: z.enum(['increase', 'decrease', 'suspend', 'resume', 'terminate']),
          amountFen: z.number().int().optional(),
          reason: z.string().max(500),
          expectedVersion: z.number().int(),
        }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await entitlements.applyChange(actorOf(request), request.params.id, request.body)),
  );

  api.get(
    '/assistance/programmes',
    { schema: { tags, summary: '救助项目 Programmes paid through the cycles: who is paid and how often' } },
    async (request) => {
      requireScope(actorOf(request), 'assistance.read');
      return Object.entries(PROGRAMMES).map(([code, p]) => ({ code, ...p }));
    },
  );

  // ── family-planning rewards (计生奖励扶助)
  api.get(
    '/assistance/family-planning/eligible',
    {
      schema: { tags, summary: '计生奖励扶助 Persons the measure finds in the registry, not yet enrolled, for review' },
    },
    async (request) => familyPlanning.eligible(actorOf(request)),
  );

  api.post(
    '/assistance/family-planning/enrol',
    {
      schema: {
        tags,
        summary: '纳入奖励扶助 Enrol the persons chosen from the list (each checked again)',
        body: z.object({ personIds: z.array(uuid).max(500) }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await familyPlanning.enrol(actorOf(request), request.body.personIds)),
  );

  // ── work and training (公益劳动、就业培训、退役军人就业)
  api.get(
    '/assistance/work-records',
    {
      schema: {
        tags,
        summary: '劳动与就业台账 Public-welfare labour, training referrals, training, employment',
        querystring: z.object({ personId: uuid.optional(), kind: z.enum(WORK_KINDS).optional() }),
      },
    },
    async (request) => work.list(actorOf(request), request.query),
  );

  api.post(
    '/assistance/work-records',
    {
      schema: {
        tags,
        summary: '登记劳动、培训或就业 Record labour, a referral, training or employment',
        body: z.object({
          personId: uuid,
          kind: z.enum(WORK_KINDS),
          onDate: CalendarDate,
          hours: z.number().int().min(1).max(300).optional(),
          organisation: z.string().max(100).optional(),
          notes: z.string().max(2000),
          outcome: z.string().max(500).optional(),
        }),
      },
    },
    async (request, reply) => reply.status(201).send(await work.add(actorOf(request), request.body)),
  );

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

  // ── the portal (no staff session)
  const limited = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });
  const resident = (token: string | undefined) => app.portal.residents.requireSession(token);

  api.get(
    '/public/assistance/notices',
    {
      schema: {
        tags: ['public'],
        summary: '低保公示 Households on public notice now (names masked)',
        querystring: z.object({
          division: z
            .string()
            .regex(/^\d{6,12}$/)
            .optional(),
        }),
      },
      config: limited(120),
    },
    async (request) => portal.currentNotices(request.query.division),
  );

  api.post(
    '/public/assistance/notices/:number/objections',
    {
      schema: {
        tags: ['public'],
        summary: '提出异议 File an objection during the notice',
        params: z.object({ number: z.string().max(40) }),
        body: z.object({
          text: z.string().max(2000),
          name: z.string().max(40).optional(),
          phone: z.string().max(20).optional(),
        }),
      },
      config: limited(10),
    },
    async (request, reply) =>
      reply.status(201).send(await portal.fileObjection(request.params.number, request.body, request.ip)),
  );

  api.post(
    '/public/assistance/applications',
    {
      schema: {
        tags: ['public'],
        summary: '网上申请低保 Apply online (signed-in resident)',
        body: z.object({
          programme: z.enum(ALLOWANCE_PROGRAMMES),
          idNumber: z.string().max(20),
          reason: z.string().max(2000),
          bankName: z.string().max(60).optional(),
          account: z.string().max(40).optional(),
        }),
      },
      config: limited(10),
    },
    async (request, reply) => {
      const s = await resident(request.cookies[RESIDENT_COOKIE]);
      return reply.status(201).send(await portal.apply(s.phone_bidx, request.body, request.ip));
    },
  );

  api.get(
    '/public/assistance/applications',
    { schema: { tags: ['public'], summary: '我的申请 My applications and where they stand' }, config: limited(60) },
    async (request) => portal.myApplications((await resident(request.cookies[RESIDENT_COOKIE])).phone_bidx),
  );
}
