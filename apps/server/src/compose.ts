import { mkdirSync } from 'node:fs';
import { sql } from 'kysely';
import { AuthService, authPolicyOf } from './core/auth/auth.service.ts';
import { syncBuiltinRoles, UsersService } from './core/auth/users.service.ts';
import { CalendarService, loadShippedCalendar } from './core/calendar/calendar.service.ts';
import { CaseTypeRegistry } from './core/cases/case-type.ts';
import { CaseService } from './core/cases/case.service.ts';
import type { Config } from './core/config.ts';
import { isProduction, loadMasterKeys } from './core/crypto/keys.ts';
import { prepareProtectedFields } from './core/crypto/reencrypt.ts';
import { PiiCipher } from './core/crypto/sm.ts';
import { installJobQueue, openAsApplication } from './core/db/app-role.ts';
import { appRoleUrl, type Database } from './core/db/database.ts';
import { migrate } from './core/db/migrate.ts';
import { openReadRouter } from './core/db/replica.ts';
import { DocumentService } from './core/documents/documents.service.ts';
import { FileStore } from './core/documents/file-store.ts';
import { CORE_JOBS, createBoss, type JobName } from './core/jobs/jobs.ts';
import { NotificationService } from './core/notifications/notifications.service.ts';
import { type Clock, makeClock } from './core/time.ts';
import { ConsoleSmsTransport, NoSmsTransport, type SmsTransport } from './core/sms.ts';
import type { Composed, Core, JobRegistration, ModuleServices } from './core/module.ts';
import { MODULES } from './modules.ts';

/**
 * The composed application: the core, every module's public service by name, and what the entry
 * points need to run it. Only entry points and tests hold it; a module sees its `ModuleContext`.
 */
export type App = Composed &
  ModuleServices & {
    setPublicUrl(url: string): void;
    close(): Promise<void>;
  };

export interface CreateAppOptions {
  database?: Database;
  clock?: Clock;
  log?: (msg: string) => void;
  sms?: SmsTransport;
}

/** The one composition root: the core first, then each module from its manifest, with plain constructors. */
export async function createApp(config: Config, opts: CreateAppOptions = {}): Promise<App> {
  const log = opts.log ?? (() => {});
  if (config.embedded) mkdirSync(config.DATA_DIR, { recursive: true });
  // keys first: a refused key stops the start before the database is touched
  const production = isProduction(config);
  const cipher = new PiiCipher(loadMasterKeys(config, { production, log }));
  // set up as the owner; from here on the application works as a role that cannot rewrite the audit log
  const database = await openAsApplication(
    config,
    opts.database,
    (owner) => prepareDatabase(owner, log),
    log,
    migrationSources,
  );
  await prepareProtectedFields(database.db, cipher, log);
  const reads = await openReadRouter(config, database, log);
  const clock = opts.clock ?? makeClock(config.GRASSROOTS_TODAY);
  const boss = createBoss(
    config.embedded
      ? { executeSql: (text, values) => database.pool.query(text, values as unknown[]) }
      : { connectionString: appRoleUrl(config.DATABASE_URL!) },
  );
  boss.on('error', (err) => log(`job queue error: ${err.message}`));
  // started in every process: its schema must exist before a command enqueues inside a transaction
  await boss.start();
  let publicUrl = config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`;
  const caseTypes = new CaseTypeRegistry(config.GRASSROOTS_CLOCK_LIMITS);
  const calendar = new CalendarService(database.db);
  const files = new FileStore(config.filesDir, cipher);
  const documents = new DocumentService(database.db, files, () => publicUrl, boss);
  const core: Core = {
    config,
    database,
    db: database.db,
    reads,
    clock,
    cipher,
    caseTypes,
    calendar,
    files,
    documents,
    boss,
    cases: new CaseService(database.db, caseTypes, calendar, documents, clock, boss),
    auth: new AuthService(database.db, authPolicyOf(config)),
    users: new UsersService(database.db),
    sms: opts.sms ?? smsTransport(config, production, log),
    notifications: new NotificationService(database.db),
    log,
    publicUrl: () => publicUrl,
  };
  const { services, built } = buildModules(core);
  return {
    ...core,
    ...services,
    modules: built,
    setPublicUrl(url) {
      publicUrl = config.PUBLIC_URL ?? url;
    },
    async close() {
      await boss.stop({ graceful: true, wait: true });
      await reads.close();
      await database.close();
    },
  };
}

/**
 * Builds every module in list order, handing each only the services it declared it needs, and
 * registers its case types with their hooks and the subjects it resolves. A need on a module not
 * yet built, a subject type resolved twice or by no module a case type is opened on, is a wiring error.
 */
function buildModules(core: Core) {
  const services: Record<string, unknown> = {};
  const built: App['modules'] = [];
  for (const manifest of MODULES) {
    const ctx: Record<string, unknown> = { ...core };
    for (const need of manifest.needs) {
      if (!(need in services)) throw new Error(`module ${manifest.name} needs ${need}, which is not built before it`);
      ctx[need] = services[need];
    }
    const module = manifest.build(ctx as never);
    const handled = (module.jobs ?? []).map((j) => j.name).sort();
    if (handled.join() !== [...(manifest.jobs ?? [])].sort().join())
      throw new Error(`module ${manifest.name} declares jobs [${manifest.jobs ?? []}] but handles [${handled}]`);
    for (const type of manifest.caseTypes ?? []) core.caseTypes.register(type, module.caseHooks?.[type.code]);
    core.caseTypes.subjects.register(manifest.name, manifest.subjects ?? {});
    services[manifest.name] = module.service;
    built.push({ name: manifest.name, ...module });
  }
  // a case type opened on a subject no module resolves could never be opened
  for (const type of core.caseTypes.all())
    if (type.openSubject && !core.caseTypes.subjects.has(type.openSubject))
      throw new Error(`case type ${type.code} is opened on a ${type.openSubject}, which no module resolves`);
  return { services: services as unknown as ModuleServices, built };
}

/** Every job handler of every module, by job name (the worker registers these; a test proves each enqueued job has one). */
export function jobRegistrations(app: App): JobRegistration[] {
  return app.modules.flatMap((m) => m.jobs ?? []);
}

/** Migrations, built-in roles, the shipped calendar, then each module's own set-up (the division seed): idempotent. */
export async function prepareDatabase(database: Database, log: (msg: string) => void = () => {}) {
  await migrate(database.db, log, migrationSources);
  await syncBuiltinRoles(database.db);
  const years = await loadShippedCalendar(database.db);
  if (years.length) log(`loaded holiday notices for ${years.join(', ')}`);
  for (const manifest of MODULES) await manifest.prepare?.(database.db, log);
  // pg-boss's schema and a queue per job: tables the application role could not create
  await installJobQueue(database, ALL_JOBS);
}

/** The module folders of SQL migrations the core's runner applies with its own, in one global name order. */
export const migrationSources: readonly string[] = MODULES.flatMap((m) =>
  'migrations' in m && m.migrations ? [m.migrations] : [],
);

/** Every job the product runs: the core's and each module's, as their manifests declare them. */
export const ALL_JOBS: readonly JobName[] = [...CORE_JOBS, ...MODULES.flatMap((m) => m.jobs ?? [])];

/** Codes reach a screen or a terminal only where no real resident is: never in production, never in the log. */
export function smsTransport(config: Config, production: boolean, log: (msg: string) => void): SmsTransport {
  const mode = config.GRASSROOTS_SMS;
  if (production && (mode === 'console' || mode === 'demo')) {
    throw new Error(
      `GRASSROOTS_SMS=${mode} shows residents' sign-in codes and is refused in production (NODE_ENV=development or test, or start --demo)`,
    );
  }
  return mode === 'console' ? new ConsoleSmsTransport() : new NoSmsTransport(log, mode === 'demo');
}

/** What start-up logs about the database, and whether trigram search sees Chinese. */
export async function selfCheck(app: App) {
  const { rows } = await sql<{ version: string; ctype: string; trgm: number }>`
    SELECT version() AS version, (SELECT datctype FROM pg_database WHERE datname = current_database()) AS ctype, similarity('张三丰', '张三') AS trgm`.execute(
    app.db,
  );
  const r = rows[0]!;
  return {
    database: app.database.kind === 'pglite' ? `PGlite (embedded, ${app.config.pgliteDir})` : 'PostgreSQL server',
    version: r.version.split(' on ')[0]!,
    lcCtype: r.ctype,
    trigramSeesChinese: r.trgm > 0,
  };
}
