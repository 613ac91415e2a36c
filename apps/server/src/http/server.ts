import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifySchema } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { App } from '../compose.ts';
import { MAX_ATTACHMENT_BYTES } from '../core/documents/file-store.ts';
import { AppError } from '../core/errors.ts';
import { registerAuthHook } from './auth-hook.ts';
import { problemHandler } from './problem.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { caseRoutes } from './routes/cases.routes.ts';
import { registerWebAssets } from './web-assets.ts';
import { dashboardRoutes } from './routes/dashboard.routes.ts';
import { adminListRoutes } from './routes/admin-lists.routes.ts';

export type Server = FastifyInstance;

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: Array<{ method: string; url: string; schema?: FastifySchema }>;
  }
}

/**
 * Logs never carry personal information or secrets: the query string (which may hold an ID number
 * or a name) is cut from the logged URL, and no header is logged.
 */
const LOG_SERIALIZERS = {
  req: (req: { method: string; url: string; ip?: string }) => ({
    method: req.method,
    url: req.url.split('?')[0],
    ip: req.ip,
  }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
};

export async function buildServer(app: App, opts: { logger?: boolean | object } = {}): Promise<FastifyInstance> {
  const logger =
    opts.logger === undefined || opts.logger === false
      ? false
      : { ...(opts.logger === true ? {} : opts.logger), serializers: LOG_SERIALIZERS };
  const server = Fastify({
    logger,
    bodyLimit: 1024 * 1024,
    // only the operator's listed proxies may report the client address (X-Forwarded-For); by default none,
    // so a client cannot pick the address that rate limits and the audit log see
    trustProxy: app.config.GRASSROOTS_TRUSTED_PROXIES.length ? app.config.GRASSROOTS_TRUSTED_PROXIES : false,
    // a malformed URL (a cut percent-escape) is answered like every other error
    // (the handler sends the reply itself; its promise only settles when the reply is sent)
    frameworkErrors: (error, request, reply) => {
      void problemHandler(Object.assign(error, { statusCode: 400 }), request, reply);
    },
  }).withTypeProvider<ZodTypeProvider>();
  // the route table, every route and method, so the permission matrix and the fuzzer can prove they cover all of them
  const routeTable: Array<{ method: string; url: string; schema?: FastifySchema }> = [];
  server.decorate('routeTable', routeTable);
  server.addHook('onRoute', (r) => {
    for (const method of [r.method].flat())
      if (method !== 'HEAD') routeTable.push({ method, url: r.url, ...(r.schema ? { schema: r.schema } : {}) });
  });
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  server.setErrorHandler(problemHandler);
  server.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .type('application/problem+json')
      .send({
        type: 'https://grassroots.invalid/problems/not_found',
        title: 'Not Found',
        status: 404,
        code: 'not_found',
        message: '请求的地址不存在',
        messageEn: `No route ${request.method} ${request.url}`,
      }),
  );
  await server.register(helmet, {
    // the API docs page needs its own inline assets; everything else is JSON or PDF
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
      },
    },
  });
  await server.register(cookie);
  // one file per request; the few form fields (an import's source, mode and column mapping) are small and
  // few, so a body of endless fields cannot fill memory. Import routes raise fileSize to GRASSROOTS_MAX_UPLOAD_MB.
  await server.register(multipart, {
    limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 25 },
  });
  // a county's kiosks and hall screens may sit behind one address: the operator lists it (GRASSROOTS_RATE_LIMIT_ALLOWLIST)
  await server.register(rateLimit, { global: false, allowList: app.config.GRASSROOTS_RATE_LIMIT_ALLOWLIST });
  await server.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Grassroots API — 基层政务服务与治理平台',
        version: '0.1.0',
        description: 'Errors are application/problem+json (RFC 9457) with code, message (中文), messageEn and field.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'gr_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await server.register(swaggerUi, { routePrefix: '/api/docs' });

  server.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  server.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`SELECT 1`.execute(app.db);
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'database unavailable' });
    }
  });

  if (process.env.GRASSROOTS_BENCH_BASELINE === '1') await registerBenchBaseline(server, app);
  server.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['query', request.query],
      ['params', request.params],
      ['body', request.body],
    ] as const) {
      const field = nulFieldOf(value, part);
      if (field)
        throw new AppError(
          400,
          'invalid_character',
          `字段 ${field} 含有不允许的控制字符`,
          `${field} contains a NUL character`,
          field,
        );
    }
  });
  registerAuthHook(server, app);
  // read-your-writes with a read replica: a user's write is remembered before its reply leaves (core/db/replica.ts)
  if (app.reads.hasReplica)
    server.addHook('onSend', (request, _reply, payload, done) => {
      if (request.actor && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) app.reads.wrote(request.actor.id);
      done(null, payload);
    });
  await server.register(
    async (api) => {
      await authRoutes(api, app);
      await caseRoutes(api, app);
      await adminRoutes(api, app);
      await dashboardRoutes(api, app);
      await adminListRoutes(api, app);
      // every module's routes, from its manifest: the server names no module
      for (const module of app.modules) await module.routes?.(api);
    },
    { prefix: '/api/v1' },
  );
  await server.register(async (root) => {
    for (const module of app.modules) await module.rootRoutes?.(root);
  });
  await registerWebAssets(server);
  return server;
}

/** PostgreSQL text cannot hold NUL: find it before it reaches the database, and name the field. */
function nulFieldOf(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      const found = nulFieldOf(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The benchmark's baseline: a bare endpoint on the same server doing one INSERT in a transaction,
 * with none of the application around it. Only registered when GRASSROOTS_BENCH_BASELINE=1.
 */
async function registerBenchBaseline(server: FastifyInstance, app: App) {
  // its table is created at set-up, by the owner (core/db/app-role.ts): the application role creates no tables
  server.post('/bench/baseline', { schema: { hide: true } }, async (request) => {
    await app.db
      .transaction()
      .execute((tx) =>
        sql`INSERT INTO bench_baseline (payload) VALUES (${JSON.stringify(request.body ?? {})})`.execute(tx),
      );
    return { ok: true };
  });
  // a module's own baselines (the catalogue search's): the server names no module table
  for (const module of app.modules) await module.benchRoutes?.(server);
}
