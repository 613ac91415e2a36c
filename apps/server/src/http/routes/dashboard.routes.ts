import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App } from '../../compose.ts';
import { caseDashboard } from '../../core/cases/case-stats.ts';
import { shanghaiDateOf } from '../../core/time.ts';
import { actorOf } from '../auth-hook.ts';

export async function dashboardRoutes(server: FastifyInstance, app: App) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/dashboard/cases',
    {
      schema: {
        tags: ['cases'],
        summary: '首页统计 Open cases by status and department, on-time rate, overdue by month',
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const stats = await caseDashboard(app.db, actor, shanghaiDateOf(app.clock()));
      return {
        ...stats,
        openByStatus: stats.openByStatus.map((r) => ({
          ...r,
          statusLabel: app.cases.type(r.typeCode).states[r.status]?.label ?? r.status,
        })),
      };
    },
  );
}
