import { Instant } from '@grassroots/contracts';
import type { FastifySchema } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiClient } from '../../test/api-client.ts';
import { testApp } from '../../test/helpers.ts';
import { droppedKeys } from './endpoint.ts';
import type { App } from '../compose.ts';

/**
 * Every route declares its contract (issue 16): a response schema for its success, and no body or query
 * that takes anything (`z.unknown()`, `z.any()`); a path with `:params` declares them. Every route: the
 * last of the 114 left by the first conversion were done in session 8, so there is no list of exceptions.
 */

let app: App;
let api: ApiClient;

beforeAll(async () => {
  app = await testApp();
  api = await ApiClient.create(app);
  await api.server.ready();
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

const takesAnything = (schema: unknown) =>
  schema instanceof z.ZodType && (schema.def.type === 'unknown' || schema.def.type === 'any');

/** Why a route falls short of its contract, or nothing when it is whole. */
function shortfalls(url: string, schema: FastifySchema | undefined): string[] {
  const problems: string[] = [];
  const response = schema?.response as Record<string, unknown> | undefined;
  if (!response || !Object.keys(response).some((status) => /^2\d\d$/.test(status)))
    problems.push('no response schema for its success');
  if (takesAnything(schema?.body)) problems.push('a body of anything');
  if (takesAnything(schema?.querystring)) problems.push('a query of anything');
  if (url.includes(':') && !schema?.params) problems.push('path params not declared');
  return problems;
}

// not the API: the probes and the API docs themselves (the web app's files are hidden routes)
const OUTSIDE = (url: string) => ['/healthz', '/readyz'].includes(url) || url.startsWith('/api/docs');

describe('route contracts', () => {
  const routes = () =>
    api.server.routeTable
      .filter((r) => !OUTSIDE(r.url) && !(r.schema as { hide?: boolean } | undefined)?.hide)
      .map((r) => ({ key: `${r.method} ${r.url.replace(/^\/api\/v1/, '')}`, problems: shortfalls(r.url, r.schema) }));

  it('every route declares its response and takes no body or query of anything', () => {
    const all = routes();
    expect(all.length).toBeGreaterThan(150);
    expect(all.filter((r) => r.problems.length).map((r) => `${r.key}: ${r.problems.join(', ')}`)).toEqual([]);
  });

  it('recognises a route that takes anything or declares no response (the check can fail)', () => {
    expect(shortfalls('/api/v1/x/:id', { body: z.unknown(), response: { 200: z.object({}) } })).toEqual([
      'a body of anything',
      'path params not declared',
    ]);
    expect(shortfalls('/api/v1/x', { querystring: z.any() })).toEqual([
      'no response schema for its success',
      'a query of anything',
    ]);
    expect(shortfalls('/api/v1/x', { response: { 201: z.object({ id: z.string() }) } })).toEqual([]);
  });

  it('names the keys a reply would lose to its schema (checked on every converted reply under test)', () => {
    const Reply = z.object({ id: z.string(), items: z.array(z.object({ n: z.number() })), at: Instant });
    const raw = { id: 'a', items: [{ n: 1, secret: 'x' }], at: new Date(0), extra: 1, gone: undefined };
    expect(droppedKeys(raw, z.encode(Reply, raw))).toEqual(['items[0].secret', 'extra']);
    const whole = { id: 'a', items: [{ n: 1 }], at: new Date(0) };
    expect(droppedKeys(whole, z.encode(Reply, whole))).toEqual([]);
  });

  it('shows every converted response in the OpenAPI document', async () => {
    const doc = (await api.call(undefined, 'GET', '/api/docs/json')).json() as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const documented = (key: string) => {
      const [method, path] = key.split(' ') as [string, string];
      const operation = doc.paths[`/api/v1${path.replace(/:(\w+)/g, '{$1}')}`]?.[method.toLowerCase()];
      return Object.entries(operation?.responses ?? {}).some(([s, r]) => /^2\d\d$/.test(s) && r.content);
    };
    const converted = routes().filter((r) => !r.problems.length);
    expect(converted.length).toBeGreaterThan(0);
    expect(converted.filter((r) => !documented(r.key)).map((r) => r.key)).toEqual([]);
  });
});
