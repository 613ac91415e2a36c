import type { FastifyInstance } from 'fastify';
import { duty as endpoints } from '@grassroots/contracts';
import { actorOf } from '../../http/auth-hook.ts';
import { route } from '../../http/endpoint.ts';
import { renderDutyLogPdf, renderRotaPdf } from './duty-log.pdf.ts';
import type { DutyService } from './duty.service.ts';

export async function dutyRoutes(server: FastifyInstance, duty: DutyService) {
  route(server, endpoints.generate, async (request) => duty.generate(actorOf(request), request.body), {
    permission: 'centre.manage',
  });
  route(
    server,
    endpoints.swap,
    async (request) => duty.swap(actorOf(request), request.body.departmentId, request.body.dayA, request.body.dayB),
    { permission: 'centre.manage' },
  );
  route(server, endpoints.rota, async (request) =>
    duty.rota(actorOf(request), request.query.departmentId, request.query.from, request.query.to),
  );
  route(server, endpoints.rotaIcs, async (request, reply) => {
    reply.header('content-disposition', 'attachment; filename="duty.ics"');
    return duty.ics(actorOf(request), request.query.departmentId, request.query.from, request.query.to);
  });
  route(server, endpoints.rotaPdf, async (request) => {
    const { departmentId, from, to } = request.query;
    const { department, rows } = await duty.rotaSheet(actorOf(request), departmentId, from, to);
    return renderRotaPdf(department, from, to, rows);
  });
  route(server, endpoints.addLog, async (request) => duty.addLog(actorOf(request), request.body));
  route(server, endpoints.log, async (request) =>
    duty.log(actorOf(request), request.query.departmentId, request.query.day),
  );
  route(server, endpoints.logPdf, async (request) =>
    renderDutyLogPdf(await duty.log(actorOf(request), request.query.departmentId, request.query.day)),
  );
}
