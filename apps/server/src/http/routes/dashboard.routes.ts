import { cases as endpoints } from '@grassroots/contracts';
import type { FastifyInstance } from 'fastify';
import type { App } from '../../compose.ts';
import { caseDashboard } from '../../core/cases/case-stats.ts';
import { shanghaiDateOf } from '../../core/time.ts';
import { actorOf } from '../auth-hook.ts';
import { route } from '../endpoint.ts';

export async function dashboardRoutes(server: FastifyInstance, app: App) {
  route(server, endpoints.dashboard, async (request) => {
    const actor = actorOf(request);
    const stats = await caseDashboard(await app.reads.reader(actor), actor, shanghaiDateOf(app.clock()));
    return {
      ...stats,
      openByStatus: stats.openByStatus.map((r) => ({
        ...r,
        statusLabel: app.cases.type(r.typeCode).states[r.status]?.label ?? r.status,
      })),
    };
  });
}
