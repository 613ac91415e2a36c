import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../compose.ts';
import type { Actor } from '../core/auth/actor.ts';
import { runWithSocketIp } from '../core/auth/request-origin.ts';
import { AppError } from '../core/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    sessionToken?: string;
    csrfToken?: string;
    secondFactorDone?: boolean;
  }
}

export const SESSION_COOKIE = 'gr_session';
const PUBLIC_PREFIXES = ['/api/v1/auth/login', '/api/v1/public/'];
const SECOND_FACTOR_PATHS = ['/api/v1/auth/totp/', '/api/v1/auth/me', '/api/v1/auth/logout'];

const unauthenticated = () =>
  new AppError(
    401,
    'unauthenticated',
    '请先登录（会话已过期或无效）',
    'Log in first (session missing, idle or invalid)',
  );

/**
 * Sessions live in the database, so any API process accepts them. A bearer token is for other
 * systems; the console uses the cookie, and then every unsafe request must echo the CSRF token.
 */
export function registerAuthHook(server: FastifyInstance, app: App) {
  // the TCP peer goes into every audit entry the handler writes (request.ip may be a proxy's report);
  // done() runs the handler synchronously, so the handler and all it awaits see this context
  server.addHook('preHandler', (request, _reply, done) => runWithSocketIp(request.socket.remoteAddress ?? null, done));
  server.addHook('onRequest', async (request: FastifyRequest) => {
    const url = request.url.split('?')[0]!;
    if (!url.startsWith('/api/v1/') || PUBLIC_PREFIXES.some((p) => url.startsWith(p))) return;
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const token = bearer ?? request.cookies[SESSION_COOKIE];
    if (!token) throw unauthenticated();
    const session = await app.auth.authenticate(token);
    if (!session) throw unauthenticated();
    if (
      !bearer &&
      !['GET', 'HEAD', 'OPTIONS'].includes(request.method) &&
      request.headers['x-csrf-token'] !== session.csrfToken
    ) {
      throw new AppError(
        403,
        'csrf_failed',
        '请求缺少有效的 CSRF 令牌，请刷新页面',
        'Missing or wrong X-CSRF-Token',
        'X-CSRF-Token',
      );
    }
    if (!session.secondFactorDone && !SECOND_FACTOR_PATHS.some((p) => url.startsWith(p))) {
      throw new AppError(
        403,
        'second_factor_required',
        '管理员账户须先绑定并验证动态验证码（TOTP）',
        'Administrator accounts must enrol and verify a TOTP second factor first',
      );
    }
    request.actor = { ...session.actor, ip: request.ip };
    request.sessionToken = token;
    request.csrfToken = session.csrfToken;
    request.secondFactorDone = session.secondFactorDone;
  });
}

/** The Idempotency-Key a client sent, if any (its length is checked by the command). */
export const idempotencyKey = (headers: Record<string, unknown>) =>
  typeof headers['idempotency-key'] === 'string' ? headers['idempotency-key'] : undefined;

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}
