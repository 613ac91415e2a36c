import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testApp } from '../../../test/helpers.ts';
import { type App, smsTransport } from '../../compose.ts';
import { loadConfig } from '../../core/config.ts';
import { ResidentAuthService } from './resident-auth.service.ts';

// The attack: whoever reads the server log (a log collector, a support ticket, a backup of /var/log)
// signs in as any resident who just asked for a code. So no configuration may put a code in the log.
let app: App;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => app?.close());

const configWith = (sms?: string) =>
  loadConfig({ DATA_DIR: '/nonexistent', ...(sms ? { GRASSROOTS_SMS: sms } : {}) } as NodeJS.ProcessEnv);

async function requestCode(sms: ReturnType<typeof smsTransport>, phone: string) {
  const residents = new ResidentAuthService(app.db, app.cipher, sms, app.clock);
  return residents.sendCode(phone, '203.0.113.9');
}

describe('SMS sign-in codes and the log', () => {
  it('by default nothing is sent and the log names the masked number, never the code', async () => {
    const log: string[] = [];
    const written = vi.spyOn(process.stdout, 'write');
    const r = await requestCode(
      smsTransport(configWith(), true, (m) => log.push(m)),
      '13900000101',
    );
    expect(r).toEqual({ sent: true });
    expect(log.join('\n')).toContain('139****0101');
    expect(log.join('\n')).not.toMatch(/\d{6}/);
    expect(log.join('\n')).not.toContain('13900000101');
    expect(written).not.toHaveBeenCalled();
    written.mockRestore();
  });

  it("the demo shows the code on the resident's screen and still keeps it out of the log", async () => {
    const log: string[] = [];
    const r = await requestCode(
      smsTransport(configWith('demo'), false, (m) => log.push(m)),
      '13900000102',
    );
    expect(r.demoCode).toMatch(/^\d{6}$/);
    expect(log.length).toBeGreaterThan(0);
    expect(log.join('\n')).not.toContain(r.demoCode);
  });

  it('the old setting GRASSROOTS_SMS=log no longer writes codes to the log', async () => {
    const log: string[] = [];
    await requestCode(
      smsTransport(configWith('log'), false, (m) => log.push(m)),
      '13900000103',
    );
    expect(log.join('\n')).not.toMatch(/\d{6}/);
  });

  it('the development console prints the code on the terminal only when configured, never into the log', async () => {
    const log: string[] = [];
    const printed: string[] = [];
    const written = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      await requestCode(
        smsTransport(configWith('console'), false, (m) => log.push(m)),
        '13900000104',
      );
    } finally {
      written.mockRestore();
    }
    expect(printed.join('')).toMatch(/验证码为 \d{6}/);
    expect(log.join('\n')).not.toMatch(/\d{6}/);
  });

  it('production refuses the console and the demo transports', () => {
    expect(() => smsTransport(configWith('console'), true, () => {})).toThrow(/refused in production/);
    expect(() => smsTransport(configWith('demo'), true, () => {})).toThrow(/refused in production/);
    expect(smsTransport(configWith('none'), true, () => {}).showsCode).toBe(false);
  });
});
