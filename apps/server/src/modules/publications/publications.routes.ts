import { publications as endpoints } from '@grassroots/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { actorOf } from '../../http/auth-hook.ts';
import { route } from '../../http/endpoint.ts';
import type { PublicationKind, PublicationsService } from './publications.service.ts';

export async function publicationRoutes(server: FastifyInstance, publications: PublicationsService) {
  // the fingerprint of the content is the ETag: the same file until what it prints changes
  const send = async (reply: FastifyReply, kind: PublicationKind, scope: string, fileName: string) => {
    const pdf = await publications.pdf(kind, scope);
    reply
      .header('etag', `"${pdf.fingerprint}"`)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(fileName)}`);
    return pdf.bytes;
  };

  // printed matter is public (政务公开): the same PDFs a township prints
  route(
    server,
    endpoints.card,
    async (request, reply) => send(reply, 'card', request.query.village, `便民服务一卡通-${request.query.village}.pdf`),
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
  );
  route(
    server,
    endpoints.board,
    async (request, reply) =>
      send(reply, 'board', request.query.village, `便民服务公开栏-${request.query.village}.pdf`),
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
  );
  route(
    server,
    endpoints.handbook,
    async (request, reply) => send(reply, 'handbook', request.query.county, `办事指南汇编-${request.query.county}.pdf`),
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
  );
  route(server, endpoints.consultants, async (request) => publications.consultants(request.query.township), {
    config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
  });
  route(
    server,
    endpoints.setConsultant,
    async (request) => publications.setConsultant(actorOf(request), request.params.divisionCode, request.body),
    { permission: 'centre.manage' },
  );
}
