import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/helpers.ts';
import type { App } from '../app.ts';
import { DEMO_PASSWORD } from '../modules/demo/demo.seed.ts';
import { buildServer, type Server } from './server.ts';

let app: App;
let server: Server;
const logLines: string[] = [];

beforeAll(async () => {
  app = await testApp();
  const stream = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } });
  server = await buildServer(app, { logger: { level: 'info', stream } });
});
afterAll(async () => {
  await server?.close();
  await app?.close();
});

const login = (username: string) => server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });

describe('security basics', () => {
  it('sends the security headers', async () => {
    const res = await server.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('sets the session cookie HttpOnly, Secure and SameSite=Strict', async () => {
    const cookie = String((await login('clerk')).headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('writes no ID number, phone, password or token to the logs', async () => {
    const res = (await login('registrar')).json();
    const auth = { authorization: `Bearer ${res.token}` };
    const list = (await server.inject({ method: 'GET', url: '/api/v1/persons?name=%E7%8E%8B&limit=5', headers: auth })).json();
    const revealed = (await server.inject({ method: 'POST', url: `/api/v1/persons/${list[0].id}/reveal`, headers: auth, payload: { reason: '日志检查' } })).json();
    await server.inject({ method: 'GET', url: `/api/v1/persons?idNumber=${revealed.idNumber}`, headers: auth });
    await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'registrar', password: 'Wrong#Password1' } });
    const text = logLines.join('');
    expect(logLines.length).toBeGreaterThan(5);
    for (const secret of [revealed.idNumber, revealed.phone, DEMO_PASSWORD, 'Wrong#Password1', res.token, res.csrfToken]) {
      if (secret) expect(text).not.toContain(secret);
    }
    expect(text).toContain('/api/v1/persons');
  });
});
