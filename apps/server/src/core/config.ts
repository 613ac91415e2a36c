import path from 'node:path';
import { z } from 'zod';

/** Repository root: three levels above apps/server/src/core. */
export const repoRoot = path.resolve(import.meta.dirname, '../../../..');

const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(path.join(repoRoot, 'data')),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** 64 hex chars; in embedded mode one is generated into DATA_DIR/keys.json when absent. */
  GRASSROOTS_MASTER_KEY: z.string().regex(/^[0-9a-f]{64}$/i).optional(),
  PUBLIC_URL: z.string().optional(),
  /** Secure cookies (browsers accept them on https and on localhost); false only for a plain-http LAN trial */
  COOKIE_SECURE: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Timezone of every business date. Fixed by law, but tests may pin "today". */
  /** SMS transport for residents' one-time codes: log writes them to the server log; demo also shows them on the portal (never in production) */
  GRASSROOTS_SMS: z.enum(['log', 'demo']).default('log'),
  GRASSROOTS_TODAY: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** addresses the public rate limits do not apply to (a kiosk network's NAT, a load test), comma-separated */
  GRASSROOTS_RATE_LIMIT_ALLOWLIST: z.string().default('').transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean)),
  /** 好差评: how a service nobody rated counts once the rating window has passed (the national default: 满意), and that window in days */
  GRASSROOTS_UNRATED_AS: z.enum(['satisfied', 'excluded']).default('satisfied'),
  GRASSROOTS_UNRATED_AFTER_DAYS: z.coerce.number().int().min(0).max(90).default(7),
  /** days after dispatch within which a department may send a wrongly dispatched order back (退单时限) */
  GRASSROOTS_SEND_BACK_DAYS: z.coerce.number().min(0).max(30).default(1),
  /** failed attempts (across a dispute's returns) after which it is flagged for arbitration or the four-party meeting */
  GRASSROOTS_DISPUTE_ATTEMPTS_BEFORE_FLAG: z.coerce.number().int().min(1).max(50).default(3),
  /** a province's own time limits: {"minimum_allowance.statutory": 25, …} (case type . clock → days) */
  GRASSROOTS_CLOCK_LIMITS: z.string().optional().transform((v, ctx) => {
    if (!v) return {};
    try {
      return z.record(z.string().regex(/^[a-z_]+\.[a-zA-Z]+$/), z.number().int().positive().max(365)).parse(JSON.parse(v));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'GRASSROOTS_CLOCK_LIMITS must be JSON like {"minimum_allowance.statutory": 25}' });
      return z.NEVER;
    }
  }),
});

export type Config = z.infer<typeof envSchema> & { embedded: boolean; pgliteDir: string; filesDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // an empty variable counts as unset (DATABASE_URL= switches back to the embedded database)
  const parsed = envSchema.parse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  return {
    ...parsed,
    embedded: !parsed.DATABASE_URL,
    pgliteDir: path.join(parsed.DATA_DIR, 'pglite'),
    filesDir: path.join(parsed.DATA_DIR, 'files'),
  };
}
