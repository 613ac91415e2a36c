import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../app.ts';
import { requireScope } from '../../core/auth/actor.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { AssistanceRulesService } from './assistance-rules.service.ts';

export async function assistanceRoutes(server: FastifyInstance, app: App) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const rules = new AssistanceRulesService(app.db);

  api.post('/assistance/rules', { schema: { tags: ['assistance'], summary: '新增救助规则版本 Add a rule version (standard, incomes, rounding, classes); versions are never edited', body: z.unknown() } }, async (request, reply) =>
    reply.status(201).send(await rules.add(actorOf(request), request.body)));

  api.get('/assistance/rules/in-force', {
    schema: { tags: ['assistance'], summary: '现行规则 The rule version in force for a division on a day', querystring: z.object({ programme: z.string().regex(/^[a-z][a-zA-Z]*$/), divisionCode: z.string().regex(/^\d{6,12}$/), on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }) },
  }, async (request) => {
    // staff who handle cases read the standards; the figures are public policy (三公开), not personal data
    requireScope(actorOf(request), 'case.read');
    return rules.versionFor(request.query.programme, request.query.divisionCode, request.query.on);
  });
}
