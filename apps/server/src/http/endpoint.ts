import {
  type Endpoint,
  isFileReply,
  type ParsedBody,
  type ParsedParams,
  type ParsedQuery,
  type ParsedResponse,
} from '@grassroots/contracts';
// the route config's `rateLimit` is typed by the plugin's augmentation, wherever this file is compiled
import type {} from '@fastify/rate-limit';
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { z } from 'zod';
import { requirePermission } from '../core/auth/actor.ts';
import type { Permission } from '../core/auth/permissions.ts';
import { actorOf } from './auth-hook.ts';

// the OpenAPI schema of a file's bytes; never used to serialize (Fastify sends a Buffer or a text as it is)
const binary = z.string().meta({ format: 'binary' });

/** The request a handler sees: params, query and body already parsed by the endpoint's schemas. */
export type EndpointRequest<E extends Endpoint> = FastifyRequest<{
  Params: ParsedParams<E>;
  Querystring: ParsedQuery<E>;
  Body: ParsedBody<E>;
}>;

/** What a handler returns: the response's parsed side for JSON; the bytes or the text for a file. */
export type EndpointResult<E extends Endpoint> = E['response'] extends { file: string }
  ? Buffer | string
  : ParsedResponse<E>;

export interface RouteOptions {
  /**
   * The coarse permission, checked before the request is validated: someone who may not use the route
   * learns 403, not what a valid body would look like. The service still checks it and the scope.
   */
  permission?: Permission;
  /** route config, e.g. `{ rateLimit: { max: 30, timeWindow: '1 minute' } }` */
  config?: FastifyContextConfig;
}

/** The Fastify schema of an endpoint: what validates the request, serializes the reply and shows in OpenAPI. */
export function schemaOf(endpoint: Endpoint): FastifySchema {
  const status = endpoint.status ?? 200;
  const { response } = endpoint;
  return {
    tags: [...endpoint.tags],
    summary: endpoint.summary,
    ...(endpoint.params ? { params: endpoint.params } : {}),
    ...(endpoint.query ? { querystring: endpoint.query } : {}),
    ...(endpoint.headers ? { headers: endpoint.headers } : {}),
    ...(endpoint.body ? { body: endpoint.body } : {}),
    response: {
      [status]: isFileReply(response)
        ? {
            description: response.description,
            content: { [response.file.split(';')[0]!]: { schema: binary } },
          }
        : response,
    },
  };
}

/**
 * Registers the route of an endpoint: its method, path and schemas come from the contract, so the handler's
 * request and return types are the contract's. A JSON reply is encoded by its response schema (which drops
 * undeclared keys); a file reply is sent as is with the declared content type.
 */
export function route<E extends Endpoint>(
  api: FastifyInstance,
  endpoint: E,
  handler: (request: EndpointRequest<E>, reply: FastifyReply) => Promise<EndpointResult<E>>,
  options: RouteOptions = {},
): void {
  const { permission, config } = options;
  const { response } = endpoint;
  api.route({
    method: endpoint.method,
    url: endpoint.path,
    schema: schemaOf(endpoint),
    ...(config ? { config } : {}),
    ...(permission
      ? { preValidation: async (request: FastifyRequest) => requirePermission(actorOf(request), permission) }
      : {}),
    handler: async (request, reply) => {
      if (endpoint.status) reply.status(endpoint.status);
      if (isFileReply(response)) reply.header('content-type', response.file);
      const result = await handler(request as EndpointRequest<E>, reply);
      if (CHECK_DROPPED_KEYS && !isFileReply(response) && result !== reply) {
        const dropped = droppedKeys(result, z.encode(response, result as never));
        if (dropped.length)
          throw new Error(`${endpoint.method} ${endpoint.path}: the response schema lacks ${dropped.join(', ')}`);
      }
      return result;
    },
  });
}

// under test, every reply of a converted route is checked for keys its schema would silently drop
const CHECK_DROPPED_KEYS = process.env.NODE_ENV === 'test';

/** The paths of the keys a handler returned that the encoded reply no longer has (undefined values aside). */
export function droppedKeys(raw: unknown, encoded: unknown, path = ''): string[] {
  if (Array.isArray(raw) && Array.isArray(encoded))
    return raw.flatMap((item, i) => droppedKeys(item, encoded[i], `${path}[${i}]`));
  if (!isPlainObject(raw) || !isPlainObject(encoded)) return [];
  return Object.entries(raw).flatMap(([key, value]) =>
    value === undefined
      ? []
      : key in encoded
        ? droppedKeys(value, encoded[key], path ? `${path}.${key}` : key)
        : [path ? `${path}.${key}` : key],
  );
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
