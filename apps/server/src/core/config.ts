import { isIP } from 'node:net';
import path from 'node:path';
import { CalendarDate } from '@grassroots/contracts';
import { z } from 'zod';

/** Repository root: three levels above apps/server/src/core. */
export const repoRoot = path.resolve(import.meta.dirname, '../../../..');

const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  /**
   * The role that owns the tables and runs the migrations (PostgreSQL server). Unset: DATABASE_URL's role,
   * which must then be able to create tables. The application itself always works as grassroots_app.
   */
  DATABASE_OWNER_URL: z.string().url().optional(),
  /**
   * A streaming replica of DATABASE_URL (PostgreSQL server only): work lists, person search, exports and
   * the dashboard read there, except for a user whose own last write it has not replayed yet (docs/SCALING.md).
   */
  DATABASE_REPLICA_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(path.join(repoRoot, 'data')),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** 64 hex chars; without it one is generated into DATA_DIR/keys.json (mode 0600) on first start. */
  GRASSROOTS_MASTER_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i)
    .optional(),
  /** keys rotated away from (oldest first, comma-separated): still read while and after `keys rotate` runs */
  GRASSROOTS_PREVIOUS_MASTER_KEYS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[0-9a-f]{64}$/i, 'GRASSROOTS_PREVIOUS_MASTER_KEYS: 64 hex characters each'))),
  /** production unless development or test (see core/crypto/keys.ts isProduction) */
  NODE_ENV: z.string().optional(),
  PUBLIC_URL: z.string().optional(),
  /** Secure cookies (browsers accept them on https and on localhost); false only for a plain-http LAN trial */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Timezone of every business date. Fixed by law, but tests may pin "today". */
  /**
   * SMS transport for residents' one-time codes while no gateway is plugged in: none sends nothing (and
   * logs no code; 'log' is its old name); console prints codes for a developer (never in production);
   * demo shows them on the portal (never in production). No setting ever writes a code to the log.
   */
  GRASSROOTS_SMS: z.enum(['none', 'log', 'console', 'demo']).default('none'),
  GRASSROOTS_TODAY: CalendarDate.optional(),
  /** addresses the public rate limits do not apply to (a kiosk network's NAT, a load test), comma-separated */
  GRASSROOTS_RATE_LIMIT_ALLOWLIST: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  /**
   * Proxies whose X-Forwarded-For is believed (addresses or CIDRs, comma-separated, e.g. the county's
   * nginx at 10.0.0.5). Empty: no proxy is trusted and the client address is the socket's, so no
   * client can choose the address the rate limits and the audit log see.
   */
  GRASSROOTS_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const list = v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      const bad = list.filter((x) => !isAddressOrCidr(x));
      if (bad.length)
        ctx.addIssue({
          code: 'custom',
          message: `GRASSROOTS_TRUSTED_PROXIES: not an address or CIDR: ${bad.join(', ')}`,
        });
      return list;
    }),
  /** consecutive failed sign-ins of one account after which it backs off (1 minute, doubling per further failure) */
  GRASSROOTS_LOGIN_MAX_FAILURES: z.coerce.number().int().min(3).max(20).default(5),
  /** the longest back-off of an account, in minutes: guessing never locks an administrator out for longer */
  GRASSROOTS_LOGIN_BACKOFF_MAX_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** failed sign-ins from one client address within 15 minutes after which that address is refused */
  GRASSROOTS_LOGIN_ADDRESS_MAX_FAILURES: z.coerce.number().int().min(5).max(1000).default(30),
  /** a staff session ends this many hours after sign-in however active it is (idle sessions end after 30 minutes) */
  GRASSROOTS_SESSION_MAX_HOURS: z.coerce.number().min(1).max(72).default(12),
  /** 好差评: how a service nobody rated counts once the rating window has passed (the national default: 满意), and that window in days */
  GRASSROOTS_UNRATED_AS: z.enum(['satisfied', 'excluded']).default('satisfied'),
  GRASSROOTS_UNRATED_AFTER_DAYS: z.coerce.number().int().min(0).max(90).default(7),
  /** portal look-ups by number + query code: failures allowed each hour per client address (IPv6: per /64) and per case or package, then 429 */
  GRASSROOTS_LOOKUP_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(1000).default(20),
  GRASSROOTS_LOOKUP_FAILURES_PER_CASE: z.coerce.number().int().min(1).max(100).default(5),
  /** days after dispatch within which a department may send a wrongly dispatched order back (退单时限) */
  GRASSROOTS_SEND_BACK_DAYS: z.coerce.number().min(0).max(30).default(1),
  /** failed attempts (across a dispute's returns) after which it is flagged for arbitration or the four-party meeting */
  GRASSROOTS_DISPUTE_ATTEMPTS_BEFORE_FLAG: z.coerce.number().int().min(1).max(50).default(3),
  /** the largest import file (CSV or XLSX) accepted over HTTP, in MB: a county's population CSV is ~230 bytes a person (1.1 million fit); larger gets 413 */
  GRASSROOTS_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(2048).default(256),
  /** the most an uploaded XLSX may unpack to, in MB: checked from the archive before any of it is parsed */
  GRASSROOTS_MAX_UNPACKED_MB: z.coerce.number().int().min(1).max(8192).default(1024),
  /** a province's own time limits: {"minimum_allowance.statutory": 25, …} (case type . clock → days) */
  GRASSROOTS_CLOCK_LIMITS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return {};
      try {
        return z
          .record(z.string().regex(/^[a-z_]+\.[a-zA-Z]+$/), z.number().int().positive().max(365))
          .parse(JSON.parse(v));
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'GRASSROOTS_CLOCK_LIMITS must be JSON like {"minimum_allowance.statutory": 25}',
        });
        return z.NEVER;
      }
    }),
});

function isAddressOrCidr(x: string): boolean {
  const [addr, bits, ...rest] = x.split('/');
  const family = isIP(addr!);
  if (!family || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

export type Config = z.infer<typeof envSchema> & {
  embedded: boolean;
  pgliteDir: string;
  filesDir: string;
  /** `start --demo`: the demo county, where a published key and codes on screen are tolerated */
  demo?: boolean;
};

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
