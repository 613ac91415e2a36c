/**
 * The one way the faces talk to the server. Errors come back as problem+json: they are thrown as
 * ApiError, which carries the Chinese and English messages and the field, so forms can show them
 * beside the input that caused them.
 */
export interface Problem {
  status: number;
  code: string;
  message: string;
  messageEn: string;
  field?: string;
  errors?: Array<{ field: string; message: string; messageEn?: string }>;
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
  get status() {
    return this.problem.status;
  }
  get code() {
    return this.problem.code;
  }
  /** the message in the reader's language */
  text(lang: string) {
    return lang.startsWith('en') ? this.problem.messageEn : this.problem.message;
  }
}

let csrfToken = '';
export const setCsrfToken = (token: string) => {
  csrfToken = token;
};
/** for uploads that do not go through request() */
export const getCsrfToken = () => csrfToken;

type Body = unknown;

export async function request<T>(
  method: string,
  url: string,
  body?: Body,
  headers: Record<string, string> = {},
): Promise<T> {
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
      ...(method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : isForm ? (body as FormData) : JSON.stringify(body),
  });
  const type = res.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const problem: Problem =
      typeof data === 'object' && data
        ? data
        : {
            status: res.status,
            code: 'http_error',
            message: `请求失败（${res.status}）`,
            messageEn: `Request failed (${res.status})`,
          };
    throw new ApiError({ ...problem, status: res.status });
  }
  return data as T;
}

export const api = {
  get: <T>(url: string) => request<T>('GET', url),
  post: <T>(url: string, body?: Body, headers?: Record<string, string>) => request<T>('POST', url, body ?? {}, headers),
  put: <T>(url: string, body?: Body) => request<T>('PUT', url, body ?? {}),
  del: <T>(url: string) => request<T>('DELETE', url),
};

/** Query string from the defined values only. */
export function qs(params: Record<string, string | number | undefined | null>) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
