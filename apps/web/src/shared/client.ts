import type { BodyOf, Endpoint, ParamsOf, QueryOf, ResponseOf } from '@grassroots/contracts';
import { request } from './api.ts';

/**
 * The one typed client: the web calls the API through the endpoints of `@grassroots/contracts`, so what it
 * sends and what it reads are the server's schemas (their wire side: an instant is an ISO string). A field
 * renamed in a contract fails the type check here, not silently in a page. Errors are `ApiError`, as with
 * `request()` (CSRF, problem+json).
 */
type Part<K extends string, T> = [T] extends [undefined] ? { [P in K]?: never } : { [P in K]: T };

/** What a call needs: the path's params, the query and the body, each when its endpoint declares it. */
export type CallInput<E extends Endpoint> = Part<'params', ParamsOf<E>> &
  Part<'query', QueryOf<E>> &
  Part<'body', BodyOf<E>> & { headers?: Record<string, string> };

// an input with nothing required may be left out; Record<never, never> is the empty object type, spelled for the linter
type Args<E extends Endpoint> =
  Record<never, never> extends CallInput<E> ? [input?: CallInput<E>] : [input: CallInput<E>];

/** The address of an endpoint: its path under /api/v1 with the params filled in, and the query. */
export function urlOf<E extends Endpoint>(endpoint: E, ...[input]: Args<E>): string {
  const values = (input?.params ?? {}) as Record<string, string | number>;
  const path = endpoint.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(values[name])));
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries((input?.query ?? {}) as Record<string, unknown>))
    if (value !== undefined && value !== null) query.set(key, String(value));
  const search = query.toString();
  return `/api/v1${path}${search ? `?${search}` : ''}`;
}

/** Calls a JSON endpoint; the answer has the contract's response type. */
export function call<E extends Endpoint>(endpoint: E, ...args: Args<E>): Promise<ResponseOf<E>> {
  const [input] = args;
  const body = input?.body ?? (endpoint.method === 'GET' || endpoint.method === 'DELETE' ? undefined : {});
  return request<ResponseOf<E>>(endpoint.method, urlOf(endpoint, ...args), body, input?.headers);
}
