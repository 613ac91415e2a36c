import { recomputeOpenCases } from '../../core/cases/recompute.ts';
import { admin as endpoints } from '@grassroots/contracts';
import type { FastifyInstance } from 'fastify';
import type { App } from '../../compose.ts';
import { requirePermission } from '../../core/auth/actor.ts';
import { listActiveDepartments, userExists } from '../../core/auth/directory.repository.ts';
import { sealAll, verifyAuditChain } from '../../core/audit/audit.ts';
import { exportAuditLog, readAuditLog } from '../../core/audit/audit-export.ts';
import { anchorsFileOf, fileAnchors } from '../../core/audit/audit-anchors.ts';
import { SHEET_CONTENT_TYPES } from '../../core/documents/spreadsheet.ts';
import { AppError } from '../../core/errors.ts';
import { actorOf } from '../auth-hook.ts';
import { route } from '../endpoint.ts';

export async function adminRoutes(server: FastifyInstance, app: App) {
  route(server, endpoints.addDays, async (request) => {
    const { date, n, unit } = request.query;
    return { date, n, unit, result: (await app.calendar.get()).addDays(date, n, unit) };
  });
  route(server, endpoints.day, async (request) => {
    const d = (await app.calendar.get()).describe(request.params.date);
    return { date: request.params.date, workingDay: d.working, reason: d.reason };
  });
  route(
    server,
    endpoints.loadYear,
    async (request) => {
      const actor = actorOf(request);
      const loaded = await app.calendar.load(request.body, { id: actor.id, name: actor.username, ip: request.ip });
      // due dates computed on a provisional calendar (or none) now follow the notice
      return { ...loaded, recomputedDueDates: await recomputeOpenCases(app, loaded.year, app.clock()) };
    },
    { permission: 'calendar.manage' },
  );

  // JSON to read (audit.read), or the same entries as a CSV file to take away (audit.export)
  route(server, endpoints.audit, async (request, reply) => {
    const actor = actorOf(request);
    if (request.query.format !== 'csv') return readAuditLog(app.db, actor, request.query);
    const csv = await exportAuditLog(app.db, actor, request.query);
    // the file is sent as it is (a text with its own content type is not serialized); the reply stands for it
    return reply
      .header('content-type', SHEET_CONTENT_TYPES.csv)
      .header('content-disposition', 'attachment; filename="audit.csv"')
      .send(csv) as never;
  });
  route(
    server,
    endpoints.verifyAudit,
    async () => {
      await sealAll(app.db);
      // the anchors file in DATA_DIR too: an owner who emptied the anchors table is still caught
      return verifyAuditChain(app.db, undefined, undefined, await fileAnchors(anchorsFileOf(app.config.DATA_DIR)));
    },
    { permission: 'audit.verify' },
  );

  route(server, endpoints.createUser, async (request) => app.users.create(request.body, actorOf(request)));

  route(server, endpoints.grant, async (request) => {
    const actor = actorOf(request);
    if (!(await userExists(app.db, request.params.id))) {
      requirePermission(actor, 'role.manage');
      throw new AppError(404, 'not_found', '用户不存在', 'User not found');
    }
    await app.users.grant(actor, request.params.id, request.body.role, request.body.scope);
    return { ok: true as const };
  });
  route(server, endpoints.revoke, async (request) => {
    await app.users.revoke(actorOf(request), request.params.id, request.params.role);
    return { ok: true as const };
  });

  route(server, endpoints.departments, async () => listActiveDepartments(app.db));
}
