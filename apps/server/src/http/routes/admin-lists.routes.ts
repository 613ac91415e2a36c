import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { App } from '../../compose.ts';
import { hasPermission, requirePermission } from '../../core/auth/actor.ts';
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
      const rows = await app.db
        .selectFrom('users as u')
        .innerJoin('departments as d', 'd.id', 'u.department_id')
        .select([
          'u.id',
          'u.username',
          'u.display_name',
          'u.active',
          'u.totp_enabled',
          'u.locked_until',
          'd.name as department',
          sql<
            Array<{ role: string; scope: string }>
          >`COALESCE((SELECT json_agg(json_build_object('role', ur.role_code, 'scope', ur.scope) ORDER BY ur.role_code) FROM user_roles ur WHERE ur.user_id = u.id), '[]')`.as(
            'roles',
          ),
        ])
        .orderBy('u.username')
        .limit(1000)
        .execute();
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
    return app.db.selectFrom('roles').select(['code', 'name', 'permissions', 'admin_kind']).orderBy('code').execute();
  });

  api.get(
    '/calendar/years',
    {
      schema: { tags: ['calendar'], summary: '已载入的年度节假日安排 Loaded holiday notices by year, with their days' },
    },
    async () => {
      const [years, days] = await Promise.all([
        app.db
          .selectFrom('calendar_years')
          .select(['year', 'notice_title', 'notice_number', 'notice_published', 'provisional'])
          .orderBy('year', 'desc')
          .execute(),
        app.db.selectFrom('calendar_days').select(['day', 'year', 'kind', 'name']).orderBy('day').execute(),
      ]);
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
    async (request) =>
      app.db
        .selectFrom('divisions as v')
        .leftJoin('divisions as s', 's.code', 'v.successor_code')
        .leftJoin('divisions as f', 'f.code', 'v.split_from')
        .select([
          'v.code',
          'v.name',
          'v.level',
          'v.valid_from',
          'v.valid_until',
          'v.successor_code',
          's.name as successor_name',
          'v.split_from',
          'f.name as split_from_name',
          sql<
            string | null
          >`(SELECT string_agg(k.name, '、' ORDER BY k.code) FROM divisions k WHERE k.split_from = v.code)`.as(
            'split_into',
          ),
          sql<number>`(SELECT count(*)::int FROM divisions k WHERE k.parent_code = v.code)`.as('children'),
        ])
        .where('v.parent_code', '=', request.params.code)
        .orderBy('v.code')
        .execute(),
  );
}
