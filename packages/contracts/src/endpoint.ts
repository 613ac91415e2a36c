import { z } from 'zod';

/**
 * One HTTP endpoint as plain data: the server registers its route from it (apps/server/src/http/endpoint.ts)
 * and the web calls it through one typed client (apps/web/src/shared/client.ts), so both read the same
 * schemas and a renamed field fails the type check on both sides. The path is relative to /api/v1.
 *
 * Every schema has two sides. The server sees the parsed side (`z.output`: a Date for an `Instant`, defaults
 * filled in); the wire and the web see the encoded side (`z.input`: the ISO string, defaults optional).
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A reply that is not JSON (a PDF, a CSV, an iCalendar file): the handler returns the bytes or the text. */
export interface FileReply {
  readonly file: string;
  readonly description: string;
}

/** A file of this content type (`application/pdf`, `text/calendar; charset=utf-8`, a spreadsheet: only core/documents/spreadsheet.ts writes those). */
export const fileReply = (contentType: string, description: string): FileReply => ({
  file: contentType,
  description,
});

export interface Endpoint {
  readonly method: Method;
  /** relative to /api/v1, with `:name` for each path parameter (each one in `params`) */
  readonly path: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  /** request headers the route reads (an Idempotency-Key): documented and checked; the web passes them in `call()`'s `headers` */
  readonly headers?: z.ZodType;
  readonly body?: z.ZodType;
  /** what a success returns: a schema of the JSON (complete: the server's serializer drops undeclared keys) or a file */
  readonly response: z.ZodType | FileReply;
  /** the success status when it is not 200 (201 for a created record) */
  readonly status?: 200 | 201;
}

/** The names of the `:params` of a path: '/agency/packages/:id' → 'id'. */
type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** A path with `:params` must declare exactly those params (and a path without any declares none). */
type ParamsFit<E extends Endpoint> = [PathParams<E['path']>] extends [never]
  ? { params?: never }
  : { params: z.ZodType<Record<PathParams<E['path']>, unknown>> };

/** Declares an endpoint; the literal types are kept so the method, path and schemas type the route and the call. */
export function defineEndpoint<const E extends Endpoint>(endpoint: E & ParamsFit<E>): E {
  return endpoint;
}

export const isFileReply = (response: Endpoint['response']): response is FileReply =>
  typeof (response as FileReply).file === 'string';

type Wire<S> = S extends z.ZodType ? z.input<S> : undefined;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What the web sends and receives (the encoded side). A file reply reaches the web as a Blob or text. */
export type ParamsOf<E extends Endpoint> = Wire<E['params']>;
export type QueryOf<E extends Endpoint> = Wire<E['query']>;
export type BodyOf<E extends Endpoint> = Wire<E['body']>;
export type ResponseOf<E extends Endpoint> = E['response'] extends z.ZodType ? z.input<E['response']> : never;

/** What the server's handler receives and returns (the parsed side). */
export type ParsedParams<E extends Endpoint> = Parsed<E['params']>;
export type ParsedQuery<E extends Endpoint> = Parsed<E['query']>;
export type ParsedBody<E extends Endpoint> = Parsed<E['body']>;
export type ParsedResponse<E extends Endpoint> = E['response'] extends z.ZodType ? z.output<E['response']> : never;

/**
 * An instant (timestamptz): a Date on the server, an ISO 8601 string with its offset on the wire. The
 * services return the Date the database gave; the serializer writes the string, as JSON.stringify did.
 */
export const Instant = z
  .codec(z.iso.datetime({ offset: true }), z.date(), {
    decode: (text) => new Date(text),
    encode: (date) => date.toISOString(),
  })
  .meta({ example: '2026-10-08T01:30:00.000Z' });

/** A record just made: its id. */
export const Created = z.object({ id: z.string() });
export type Created = z.infer<typeof Created>;
