import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { App } from '../src/compose.ts';
import { totpCode } from '../src/core/auth/totp.ts';
import { buildServer } from '../src/http/server.ts';
import { DEMO_PASSWORD } from '../src/demo/demo.seed.ts';

export interface Session {
  token: string;
  csrfToken: string;
  username: string;
}

/** Talks to the real server through inject(): routing, hooks, validation, serialisation, all of it. */
export class ApiClient {
  private constructor(readonly server: FastifyInstance) {}

  static async create(app: App) {
    return new ApiClient(await buildServer(app));
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<Session> {
    const res = await this.server.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
    });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    const body = res.json();
    const session = { token: body.token, csrfToken: body.csrfToken, username };
    if (body.secondFactorRequired) {
      const { secret } = (
        await this.call(session, 'POST', '/api/v1/auth/totp/begin', { currentPassword: password })
      ).json();
      const ok = await this.call(session, 'POST', '/api/v1/auth/totp/confirm', { code: totpCode(secret) });
      if (ok.statusCode !== 200) throw new Error(`totp ${username}: ${ok.body}`);
    }
    return session;
  }

  call(
    session: Session | undefined,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    return this.server.inject({
      method,
      url,
      headers: { ...(session ? { authorization: `Bearer ${session.token}` } : {}), ...headers },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  }

  close() {
    return this.server.close();
  }
}

/** A resident signed in on the portal with her mobile and the code the recording SMS gateway kept: the cookie to send. */
export async function residentCookie(api: ApiClient, sms: { lastCode(): string }, phone: string) {
  await api.call(undefined, 'POST', '/api/v1/public/resident/code', { phone });
  const res = await api.call(undefined, 'POST', '/api/v1/public/resident/session', { phone, code: sms.lastCode() });
  return { cookie: `gr_resident=${res.cookies.find((c) => c.name === 'gr_resident')!.value}` };
}

/** One file as a multipart upload, the way a browser sends it (the field is `file`). */
export function multipartFile(name: string, bytes: Buffer) {
  const boundary = '----grassroots-test';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
