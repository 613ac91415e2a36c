import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { repoRoot } from '../core/config.ts';

export const WEB_DIST = path.join(repoRoot, 'apps/web/dist');

/** The portal's pages (its client routes, kept equal to apps/web/src/portal/router.tsx by a test): a deep link gets index.html. */
export const PORTAL_PAGES = [
  '/track',
  '/verify',
  '/verify/$code',
  '/directory',
  '/signin',
  '/me',
  '/notices',
  '/apply',
  '/care',
  '/guide',
  '/guide/$code',
  '/book/$code',
  '/ticket',
  '/board/$centre',
  '/evaluate',
  '/agency',
  '/ratings',
  '/complain',
  '/complaints',
  '/figures',
];

/**
 * Serves the built faces: the staff console under /console/, the residents' portal at /.
 * Both are single-page apps, so an unknown path below them gets their index.html and the
 * client router decides. API paths keep their problem+json 404.
 */
export async function registerWebAssets(server: FastifyInstance, dist = WEB_DIST): Promise<boolean> {
  if (!existsSync(path.join(dist, 'index.html'))) return false;
  await server.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    index: false,
    // hashed file names may be cached for ever; the HTML pages must always be fresh
    setHeaders: (res, filePath) => {
      res.setHeader(
        'cache-control',
        /[\\/]assets[\\/]/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
    preCompressed: false,
  });
  const page =
    (file: string) =>
    async (_req: unknown, reply: { sendFile: (f: string) => unknown; header: (k: string, v: string) => unknown }) => {
      reply.header('cache-control', 'no-cache');
      return reply.sendFile(file);
    };
  server.get('/', { schema: { hide: true } }, page('index.html'));
  server.get('/console', { schema: { hide: true } }, (_req, reply) => reply.redirect('/console/'));
  server.get('/console/', { schema: { hide: true } }, page('console/index.html'));
  server.get('/console/*', { schema: { hide: true } }, page('console/index.html'));
  const paths = new Set(PORTAL_PAGES.map((p) => p.replace(/\$\w+/g, '*')));
  for (const p of paths) server.get(p, { schema: { hide: true } }, page('index.html'));
  return true;
}
