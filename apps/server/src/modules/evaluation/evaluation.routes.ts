import type { FastifyInstance } from 'fastify';
import { evaluation as endpoints } from '@grassroots/contracts';
import type { ModuleContext } from '../../core/module.ts';
import { SHEET_CONTENT_TYPES } from '../../core/documents/spreadsheet.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { route } from '../../http/endpoint.ts';
import { caseForResident, portalCaller } from '../portal/index.ts';
import type { EvaluationService } from './evaluation.service.ts';
import { scorecardSheet } from './scorecards.ts';

const limited = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

export async function evaluationRoutes(
  server: FastifyInstance,
  app: ModuleContext<'portal'>,
  evaluations: EvaluationService,
) {
  // ── the resident: online, her own finished case (number + query code, or signed in as its applicant)
  route(
    server,
    endpoints.publicStatus,
    async (request) => evaluations.status(await caseForResident(app, request.query, await portalCaller(app, request))),
    { config: limited(30) },
  );
  route(
    server,
    endpoints.evaluate,
    async (request) => {
      const caller = await portalCaller(app, request);
      return evaluations.evaluate(request.body, 'online', (input) => caseForResident(app, input, caller), {
        actorId: null,
        actorName: 'resident',
        ip: request.ip,
      });
    },
    { config: limited(20) },
  );

  // ── the pad at the window: the resident rates in front of the clerk, whose session vouches for the case
  route(
    server,
    endpoints.onSiteStatus,
    async (request) => evaluations.status(await evaluations.caseAtWindow(actorOf(request), request.query.number)),
    { permission: 'centre.serve' },
  );
  route(
    server,
    endpoints.evaluateOnSite,
    async (request) => {
      const actor = actorOf(request);
      return evaluations.evaluate(request.body, 'onSite', (input) => evaluations.caseAtWindow(actor, input.number), {
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
      });
    },
    { permission: 'centre.serve' },
  );

  // ── the published results (好差评公示)
  route(server, endpoints.publicResults, async (request) => evaluations.results(request.query), {
    config: limited(60),
  });

  // ── the departments' reviews, figures and appeals
  route(server, endpoints.list, async (request) => evaluations.list(actorOf(request), request.query), {
    permission: 'evaluation.read',
  });
  route(server, endpoints.results, async (request) => evaluations.resultsInReach(actorOf(request), request.query), {
    permission: 'evaluation.read',
  });
  route(
    server,
    endpoints.scorecards,
    async (request, reply) => {
      const { month, by, format } = request.query;
      const rows = await evaluations.scorecards(actorOf(request), { month, by });
      if (format === 'json') return rows;
      // the sheet is sent as it is (bytes or a text with its own content type are not serialized); the reply stands for it
      return reply
        .header('content-type', SHEET_CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="scorecards-${by}-${month}.${format}"`)
        .send(await scorecardSheet(format, by, month, rows)) as never;
    },
    { permission: 'evaluation.read' },
  );
  route(
    server,
    endpoints.appeal,
    async (request) => evaluations.appeal(actorOf(request), request.params.id, request.body.reason),
    { permission: 'evaluation.read' },
  );
  route(server, endpoints.appeals, async (request) => evaluations.pendingAppeals(actorOf(request)), {
    permission: 'evaluation.decide',
  });
  route(
    server,
    endpoints.decideAppeal,
    async (request) =>
      evaluations.decideAppeal(actorOf(request), request.params.id, request.body.decision, request.body.note),
    { permission: 'evaluation.decide' },
  );
}
