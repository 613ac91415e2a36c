import type { FastifyInstance } from 'fastify';
import { assistance as endpoints } from '@grassroots/contracts';
import type { ModuleContext } from '../../core/module.ts';
import { requireScope } from '../../core/auth/actor.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { route } from '../../http/endpoint.ts';
import { PROGRAMMES, type ProgrammeCode } from './programmes.ts';

/** Enrolled households and their changes, family-planning rewards, work and training records. */
export async function entitlementRoutes(server: FastifyInstance, app: ModuleContext<'assistance'>) {
  const { entitlements, familyPlanning, work } = app.assistance;

  // ── entitlements and their ledgers
  const read = { permission: 'assistance.read' } as const;
  route(server, endpoints.entitlements, async (request) => entitlements.list(actorOf(request), request.query), read);
  route(server, endpoints.entitlement, async (request) => entitlements.get(actorOf(request), request.params.id), read);
  route(
    server,
    endpoints.changeAccount,
    async (request) => entitlements.changeAccount(actorOf(request), request.params.id, request.body),
    { permission: 'assistance.manage' },
  );
  route(
    server,
    endpoints.verifyAccount,
    async (request) => entitlements.verifyAccount(actorOf(request), request.params.id, request.body),
    { permission: 'assistance.manage' },
  );
  route(
    server,
    endpoints.change,
    async (request) => entitlements.applyChange(actorOf(request), request.params.id, request.body),
    { permission: 'assistance.manage' },
  );

  route(server, endpoints.programmes, async (request) => {
    requireScope(actorOf(request), 'assistance.read');
    return Object.entries(PROGRAMMES).map(([code, p]) => ({ code: code as ProgrammeCode, ...p }));
  });

  // ── family-planning rewards (计生奖励扶助)
  route(server, endpoints.rewardEligible, async (request) => familyPlanning.eligible(actorOf(request)), read);
  route(
    server,
    endpoints.rewardEnrol,
    async (request) => familyPlanning.enrol(actorOf(request), request.body.personIds),
    { permission: 'assistance.manage' },
  );

  // ── work and training (公益劳动、就业培训、退役军人就业)
  route(server, endpoints.workRecords, async (request) => work.list(actorOf(request), request.query), read);
  route(server, endpoints.addWorkRecord, async (request) => work.add(actorOf(request), request.body), {
    permission: 'care.record',
  });
}
