import { admin as endpoints } from '@grassroots/contracts';
import type { FastifyInstance } from 'fastify';
import type { App } from '../../compose.ts';
import { hasPermission } from '../../core/auth/actor.ts';
import { listDivisionHistory, listRoles, listUsersWithRoles } from '../../core/auth/directory.repository.ts';
import { listCalendarDays, listCalendarYears } from '../../core/calendar/calendar.repository.ts';
import { forbidden } from '../../core/errors.ts';
import { actorOf } from '../auth-hook.ts';
import { route } from '../endpoint.ts';

/** What the administration pages read: users and roles, calendar years, divisions with their history. */
export async function adminListRoutes(server: FastifyInstance, app: App) {
  route(
    server,
    endpoints.users,
    async () => {
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
    { permission: 'user.manage' },
  );

  route(server, endpoints.roles, async (request) => {
    const actor = actorOf(request);
    if (!hasPermission(actor, 'user.manage') && !hasPermission(actor, 'role.manage')) throw forbidden('role.manage');
    return listRoles(app.db);
  });

  route(server, endpoints.years, async () => {
    const [years, days] = await Promise.all([listCalendarYears(app.db), listCalendarDays(app.db)]);
    return years.map((y) => ({
      ...y,
      days: days.filter((d) => d.year === y.year).map((d) => ({ day: d.day, kind: d.kind, name: d.name })),
    }));
  });

  route(server, endpoints.divisionHistory, async (request) => listDivisionHistory(app.db, request.params.code));
}
