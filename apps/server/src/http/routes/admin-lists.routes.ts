import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../compose.ts';
import { hasPermission, requirePermission } from '../../core/auth/actor.ts';
import { listDivisionHistory, listRoles, listUsersWithRoles } from '../../core/auth/directory.repository.ts';
import { listCalendarDays, listCalendarYears } from '../../core/calendar/calendar.repository.ts';
import { forbidden } from '../../core/errors.ts';
import { actorOf } from '../auth-hook.ts';

/** What the administration pages read: users and roles, calendar years, divisions with their history. */
export async function adminListRoutes(server: FastifyInstance, app: App) {
  const api = server.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/users',
    { schema: { tags: ['users'], summary: '用户列表 Users with their roles and scopes (security administrator)' } },
    async (request) => {
      requirePermission(actorOf(request), 'user.manage');
      const rows = await listUsersWithRoles(app.db);
      return rows.map((r) => ({
        id: r.id,
        username: r.username,
        displayName: r.display_name,
        active: r.active,
        totpEnabled: r.totp_enabled,
        locked: !!r.locked_until && r.locked_until > new Date(),
        department: r.department,
        roles: r.roles,
      }));
    },
  );

  api.get('/roles', { schema: { tags: ['users'], summary: '角色 Roles and their permissions' } }, async (request) => {
    const actor = actorOf(request);
    if (!hasPermission(actor, 'user.manage') && !hasPermission(actor, 'role.manage')) throw forbidden('role.manage');
    return listRoles(app.db);
  });

  api.get(
    '/calendar/years',
    {
      schema: { tags: ['calendar'], summary: '已载入的年度节假日安排 Loaded holiday notices by year, with their days' },
    },
    async () => {
      const [years, days] = await Promise.all([listCalendarYears(app.db), listCalendarDays(app.db)]);
      return years.map((y) => ({
        ...y,
        days: days.filter((d) => d.year === y.year).map((d) => ({ day: d.day, kind: d.kind, name: d.name })),
      }));
    },
  );

  api.get(
    '/divisions/:code/history',
    {
      schema: {
        tags: ['org'],
        summary:
          "区划沿革 A division's children, current and former: merged (with successor) or split (分设, with where from and what into)",
        params: z.object({ code: z.string().regex(/^\d{6,15}$/) }),
      },
    },
    async (request) => listDivisionHistory(app.db, request.params.code),
  );
}
