import { recomputeOpenCases } from '../../core/cases/recompute.ts';
import { CreateUserRequest, CalendarDate } from '@grassroots/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../compose.ts';
import { requirePermission } from '../../core/auth/actor.ts';
import { listActiveDepartments, userExists } from '../../core/auth/directory.repository.ts';
import { recordAudit, sealAll, verifyAuditChain } from '../../core/audit/audit.ts';
import { searchAudit } from '../../core/audit/audit-search.ts';
import { anchorsFileOf, fileAnchors } from '../../core/audit/audit-anchors.ts';
import { SHEET_CONTENT_TYPES, writeSheet } from '../../core/documents/spreadsheet.ts';
import { AppError } from '../../core/errors.ts';
import { actorOf } from '../auth-hook.ts';

const isoDate = CalendarDate;

export async function adminRoutes(server: FastifyInstance, app: App) {
  const api = server.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/calendar/add-days',
    {
      schema: {
        tags: ['calendar'],
        summary: '计算期限 Add working or calendar days',
        querystring: z.object({
          date: isoDate,
          n: z.coerce.number().int().min(0).max(3660),
          unit: z.enum(['working', 'calendar']).default('working'),
        }),
      },
    },
    async (request) => {
      const { date, n, unit } = request.query;
      return { date, n, unit, result: (await app.calendar.get()).addDays(date, n, unit) };
    },
  );
  api.get(
    '/calendar/days/:date',
    { schema: { tags: ['calendar'], summary: '是否工作日 Is it a working day', params: z.object({ date: isoDate }) } },
    async (request) => {
      const d = (await app.calendar.get()).describe(request.params.date);
      return { date: request.params.date, workingDay: d.working, reason: d.reason };
    },
  );
  api.post(
    '/calendar/years',
    {
      schema: {
        tags: ['calendar'],
        summary: "载入某年节假日安排 Load a year's State Council notice",
        body: z.unknown(),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      requirePermission(actor, 'calendar.manage');
      const loaded = await app.calendar.load(request.body, { id: actor.id, name: actor.username, ip: request.ip });
      // due dates computed on a provisional calendar (or none) now follow the notice
      return { ...loaded, recomputedDueDates: await recomputeOpenCases(app, loaded.year, app.clock()) };
    },
  );

  api.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志查询 Search the audit log',
        querystring: z.object({
          action: z.string().optional(),
          actor: z.string().optional(),
          targetId: z.string().optional(),
          from: isoDate.optional(),
          to: isoDate.optional(),
          format: z.enum(['json', 'csv']).default('json'),
          limit: z.coerce.number().int().min(1).max(10000).default(100),
        }),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      requirePermission(actor, request.query.format === 'csv' ? 'audit.export' : 'audit.read');
      const rows = await searchAudit(app.db, request.query);
      if (request.query.format === 'json') return rows;
      await app.db.transaction().execute((tx) =>
        recordAudit(tx, {
          action: 'audit.export',
          actorId: actor.id,
          actorName: actor.username,
          ip: request.ip,
          details: { filter: request.query, rows: rows.length },
        }),
      );
      // a username typed at the login form lands here: the export helper keeps it from running as a formula
      const csv = await writeSheet(
        'csv',
        'audit',
        ['seq', 'at', 'actor', 'action', 'target_type', 'target_id', 'ip', 'socket_ip', 'details', 'hash'],
        rows.map((r) => [
          r.seq,
          r.at.toISOString(),
          r.actor_name,
          r.action,
          r.target_type,
          r.target_id,
          r.ip,
          r.socket_ip,
          JSON.stringify(r.details),
          r.hash,
        ]),
      );
      return reply
        .header('content-type', SHEET_CONTENT_TYPES.csv)
        .header('content-disposition', 'attachment; filename="audit.csv"')
        .send(csv);
    },
  );
  api.get(
    '/audit/verify',
    { schema: { tags: ['audit'], summary: '校验审计链 Verify the audit hash chain' } },
    async (request) => {
      requirePermission(actorOf(request), 'audit.verify');
      await sealAll(app.db);
      // the anchors file in DATA_DIR too: an owner who emptied the anchors table is still caught
      return verifyAuditChain(app.db, undefined, undefined, await fileAnchors(anchorsFileOf(app.config.DATA_DIR)));
    },
  );

  api.post(
    '/users',
    { schema: { tags: ['users'], summary: '新建用户 Create a user', body: CreateUserRequest } },
    async (request, reply) => reply.status(201).send(await app.users.create(request.body, actorOf(request))),
  );

  api.post(
    '/users/:id/roles',
    {
      schema: {
        tags: ['users'],
        summary: '授予角色 Grant a role (security administrator; 三权分立 enforced)',
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ role: z.string().min(1), scope: z.enum(['department', 'subtree', 'all']) }),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (!(await userExists(app.db, request.params.id))) {
        requirePermission(actor, 'role.manage');
        throw new AppError(404, 'not_found', '用户不存在', 'User not found');
      }
      await app.users.grant(actor, request.params.id, request.body.role, request.body.scope);
      return { ok: true };
    },
  );
  api.delete(
    '/users/:id/roles/:role',
    {
      schema: {
        tags: ['users'],
        summary: '撤销角色 Revoke a role (security administrator; 三权分立 enforced)',
        params: z.object({ id: z.string().uuid(), role: z.string().min(1).max(64) }),
      },
    },
    async (request) => {
      await app.users.revoke(actorOf(request), request.params.id, request.params.role);
      return { ok: true };
    },
  );

  api.get('/departments', { schema: { tags: ['org'], summary: '部门 Departments' } }, async () =>
    listActiveDepartments(app.db),
  );
}
