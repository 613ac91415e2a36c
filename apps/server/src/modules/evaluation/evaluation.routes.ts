import type { FastifyInstance } from 'fastify';
import { CalendarDate, CalendarMonth } from '@grassroots/contracts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleContext } from '../../core/module.ts';
import { requirePermission, requireScope } from '../../core/auth/actor.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { caseForResident, portalCaller } from '../portal/index.ts';
import { evaluationResults, RESULT_DIMENSIONS } from './evaluation.results.ts';
import { EvaluationService } from './evaluation.service.ts';
import { STAFF_SHEET, staffScorecards, WINDOW_SHEET, windowScorecards } from './scorecards.ts';
import { SHEET_CONTENT_TYPES, writeSheet } from '../../core/documents/spreadsheet.ts';

const tags = ['evaluation'];
const isoDate = CalendarDate;
const period = z.object({ by: z.enum(RESULT_DIMENSIONS).default('department'), from: isoDate, to: isoDate });

export function evaluationService(app: ModuleContext<'portal'>) {
  return new EvaluationService(app.db, app.caseTypes, app.calendar, app.clock, {
    unratedAs: app.config.GRASSROOTS_UNRATED_AS,
    unratedAfterDays: app.config.GRASSROOTS_UNRATED_AFTER_DAYS,
  });
}

export async function evaluationRoutes(server: FastifyInstance, app: ModuleContext<'portal'>) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const evaluations = evaluationService(app);

  const credentials = z.object({ number: z.string().max(40), queryCode: z.string().max(20).optional() });
  api.get(
    '/public/evaluations/status',
    {
      schema: {
        tags: ['public'],
        summary:
          '可否评价 Whether a finished service can still be rated (number + query code, or signed in as its applicant)',
        querystring: credentials,
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request) => evaluations.status(await caseForResident(app, request.query, await portalCaller(app, request))),
  );
  api.post(
    '/public/evaluations',
    {
      schema: {
        tags: ['public'],
        summary:
          '好差评 Rate a finished service online: its applicant only (number + query code, or signed in), once per case, never edited',
        body: z.unknown(),
      },
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const caller = await portalCaller(app, request);
      return reply.status(201).send(
        await evaluations.evaluate(request.body, 'online', (input) => caseForResident(app, input, caller), {
          actorId: null,
          actorName: 'resident',
          ip: request.ip,
        }),
      );
    },
  );
  // the pad at the window: the resident rates in front of the clerk, whose session vouches for the case
  api.get(
    '/evaluations/on-site',
    {
      schema: {
        tags,
        summary: '现场评价（评价器） Whether a case served at this window can still be rated',
        querystring: z.object({ number: z.string().max(40) }),
      },
    },
    async (request) => evaluations.status(await evaluations.caseAtWindow(actorOf(request), request.query.number)),
  );
  api.post(
    '/evaluations/on-site',
    {
      schema: {
        tags,
        summary:
          "现场评价（评价器） The resident rates a finished service at the window, on the clerk's pad; once per case",
        body: z.unknown(),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      requirePermission(actor, 'centre.serve');
      return reply.status(201).send(
        await evaluations.evaluate(request.body, 'onSite', (input) => evaluations.caseAtWindow(actor, input.number), {
          actorId: actor.id,
          actorName: actor.username,
          ip: actor.ip ?? null,
        }),
      );
    },
  );
  api.get(
    '/public/evaluations/results',
    {
      schema: {
        tags: ['public'],
        summary: '好差评公示 Published results by department, window, staff member or item',
        querystring: period,
      },
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (request) => evaluationResults(app.db, evaluations.policy, { ...request.query, now: app.clock() }),
  );

  api.get(
    '/evaluations',
    {
      schema: {
        tags,
        summary: '评价明细 Reviews of the departments in reach',
        querystring: z.object({
          level: z.coerce.number().int().min(1).max(5).optional(),
          from: isoDate.optional(),
          to: isoDate.optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
    },
    async (request) => evaluations.list(actorOf(request), request.query),
  );
  api.get(
    '/evaluations/results',
    { schema: { tags, summary: '评价统计 Results of the departments in reach', querystring: period } },
    async (request) =>
      evaluationResults(app.db, evaluations.policy, {
        ...request.query,
        now: app.clock(),
        scope: requireScope(actorOf(request), 'evaluation.read'),
      }),
  );
  api.get(
    '/evaluations/scorecards',
    {
      schema: {
        tags,
        summary:
          '月度考核表 Monthly staff or window scorecards (cases, on time, satisfaction, bad reviews rectified, complaints); JSON, or Excel for the cadre assessment',
        querystring: z.object({
          month: CalendarMonth,
          by: z.enum(['staff', 'window']).default('staff'),
          format: z.enum(['json', 'xlsx', 'csv']).default('json'),
        }),
      },
    },
    async (request, reply) => {
      const scope = requireScope(actorOf(request), 'evaluation.read');
      const { month, by, format } = request.query;
      const rows: Array<Record<string, unknown>> =
        by === 'staff' ? await staffScorecards(app.db, scope, month) : await windowScorecards(app.db, scope, month);
      if (format === 'json') return rows;
      const columns = by === 'staff' ? STAFF_SHEET : WINDOW_SHEET;
      const body = await writeSheet(
        format,
        `${month}考核`,
        columns.map(([h]) => h),
        rows.map((r) => columns.map(([, k]) => (r[k] ?? '') as string | number)),
        columns.map(([h]) => Math.max(10, h.length * 2 + 2)),
      );
      return reply
        .header('content-type', SHEET_CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="scorecards-${by}-${month}.${format}"`)
        .send(body);
    },
  );
  api.post(
    '/evaluations/:id/appeal',
    {
      schema: {
        tags,
        summary: '差评申诉 Appeal an unfair review',
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ reason: z.string().max(1000) }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await evaluations.appeal(actorOf(request), request.params.id, request.body.reason)),
  );
  api.get(
    '/evaluations/appeals',
    { schema: { tags, summary: '待审申诉 Appeals waiting for a decision' } },
    async (request) => evaluations.pendingAppeals(actorOf(request)),
  );
  api.post(
    '/evaluations/appeals/:id/decision',
    {
      schema: {
        tags,
        summary: '审核申诉 Uphold (the review leaves the figures) or reject',
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ decision: z.enum(['upheld', 'rejected']), note: z.string().max(1000).default('') }),
      },
    },
    async (request) =>
      evaluations.decideAppeal(actorOf(request), request.params.id, request.body.decision, request.body.note),
  );
}
