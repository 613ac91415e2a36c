import { mkdirSync } from 'node:fs';
import { sql } from 'kysely';
import type PgBoss from 'pg-boss';
import { AuthService, authPolicyOf } from './core/auth/auth.service.ts';
import { syncBuiltinRoles, UsersService } from './core/auth/users.service.ts';
import { CalendarService, loadShippedCalendar } from './core/calendar/calendar.service.ts';
import { CaseTypeRegistry } from './core/cases/case-type.ts';
import { CaseService } from './core/cases/case.service.ts';
import type { Config } from './core/config.ts';
import { isProduction, loadMasterKeys } from './core/crypto/keys.ts';
import { prepareProtectedFields } from './core/crypto/reencrypt.ts';
import { PiiCipher } from './core/crypto/sm.ts';
import { openAsApplication } from './core/db/app-role.ts';
import { appRoleUrl, type Database } from './core/db/database.ts';
import { migrate } from './core/db/migrate.ts';
import { DocumentService } from './core/documents/documents.service.ts';
import { FileStore } from './core/documents/file-store.ts';
import { createBoss, ensureQueues } from './core/jobs/jobs.ts';
import { type Clock, makeClock } from './core/time.ts';
import { loadChinaDivisions, OrgService } from './modules/org/index.ts';
import { RegistryService } from './modules/registry/index.ts';
import { serviceApplicationType } from './modules/service-application/index.ts';
import { startAssistanceJobs } from './modules/assistance/assistance.jobs.ts';
import { startCareJobs } from './modules/care/visit-tasks.ts';
import { catalogueApplicationHooks, catalogueApplicationType } from './modules/catalogue/index.ts';
import { rectificationHooks, rectificationType } from './modules/evaluation/index.ts';
import {
  complaintOrderHooks,
  complaintOrderType,
  petitionHooks,
  petitionReviewHooks,
  petitionReviewType,
  petitionType,
  priorConsultationHooks,
  priorConsultationType,
} from './modules/complaints/index.ts';
import { startCentreJobs } from './modules/service-centre/centre.jobs.ts';
import { startComplaintJobs } from './modules/complaints/complaints.jobs.ts';
import {
  type AssistanceModule,
  AssistanceRulesService,
  createAssistanceModule,
  minimumAllowanceHooks,
  minimumAllowanceType,
  reverificationHooks,
  reverificationType,
} from './modules/assistance/index.ts';
import { ResidentAuthService } from './modules/portal/resident-auth.service.ts';
import { ConsoleSmsTransport, NoSmsTransport, type SmsTransport } from './modules/portal/sms.ts';

/** Everything the entry points need, built with plain constructors. */
export interface App {
  config: Config;
  database: Database;
  db: Database['db'];
  clock: Clock;
  cipher: PiiCipher;
  caseTypes: CaseTypeRegistry;
  calendar: CalendarService;
  files: FileStore;
  documents: DocumentService;
  auth: AuthService;
  users: UsersService;
  org: OrgService;
  registry: RegistryService;
  cases: CaseService;
  residents: ResidentAuthService;
  /** where SMS go: one-time codes, booking confirmations */
  sms: SmsTransport;
  assistance: AssistanceModule;
  /** each module's scheduled jobs, started by the worker */
  moduleJobs: Array<(app: App, log: (msg: string) => void) => Promise<{ stop(): Promise<void> }>>;
  boss: PgBoss;
  publicUrl: () => string;
  setPublicUrl(url: string): void;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  database?: Database;
  clock?: Clock;
  log?: (msg: string) => void;
  sms?: SmsTransport;
}

export async function createApp(config: Config, opts: CreateAppOptions = {}): Promise<App> {
  const log = opts.log ?? (() => {});
  if (config.embedded) mkdirSync(config.DATA_DIR, { recursive: true });
  // keys first: a refused key stops the start before the database is touched
  const production = isProduction(config);
  const cipher = new PiiCipher(loadMasterKeys(config, { production, log }));
  // set up as the owner; from here on the application works as a role that cannot rewrite the audit log
  const database = await openAsApplication(config, opts.database, (owner) => prepareDatabase(owner, log), log);
  await prepareProtectedFields(database.db, cipher, log);
  const clock = opts.clock ?? makeClock(config.GRASSROOTS_TODAY);
  const caseTypes = new CaseTypeRegistry(config.GRASSROOTS_CLOCK_LIMITS);
  caseTypes.register(serviceApplicationType);
  const assistanceRules = new AssistanceRulesService(database.db);
  caseTypes.register(minimumAllowanceType, minimumAllowanceHooks(assistanceRules));
  // the hooks reach the entitlements service, built below with the case service it depends on
  let assistance: AssistanceModule | undefined;
  caseTypes.register(
    reverificationType,
    reverificationHooks(assistanceRules, () => assistance!.entitlements),
  );
  caseTypes.register(catalogueApplicationType, catalogueApplicationHooks);
  caseTypes.register(rectificationType, rectificationHooks);
  caseTypes.register(
    complaintOrderType,
    complaintOrderHooks(() => config.GRASSROOTS_SEND_BACK_DAYS),
  );
  caseTypes.register(petitionType, petitionHooks);
  caseTypes.register(petitionReviewType, petitionReviewHooks);
  caseTypes.register(priorConsultationType, priorConsultationHooks);
  const boss = createBoss(
    config.embedded
      ? { executeSql: (text, values) => database.pool.query(text, values as unknown[]) }
      : { connectionString: appRoleUrl(config.DATABASE_URL!) },
  );
  boss.on('error', (err) => log(`job queue error: ${err.message}`));
  // started in every process: its schema must exist before a command enqueues inside a transaction
  await boss.start();
  await ensureQueues(boss);
  let publicUrl = config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`;
  const calendar = new CalendarService(database.db);
  const files = new FileStore(config.filesDir, cipher);
  const documents = new DocumentService(database.db, files, () => publicUrl, boss);
  const cases = new CaseService(database.db, caseTypes, calendar, documents, clock, boss);
  assistance = createAssistanceModule(database.db, cipher, documents, cases, clock, assistanceRules);
  const sms = opts.sms ?? smsTransport(config, production, log);
  return {
    config,
    database,
    db: database.db,
    clock,
    cipher,
    caseTypes,
    calendar,
    files,
    documents,
    boss,
    auth: new AuthService(database.db, authPolicyOf(config)),
    users: new UsersService(database.db),
    org: new OrgService(database.db),
    registry: new RegistryService(database.db, cipher, clock),
    cases,
    assistance,
    moduleJobs: [startAssistanceJobs, startCareJobs, startCentreJobs, startComplaintJobs],
    sms,
    residents: new ResidentAuthService(database.db, cipher, sms, clock),
    publicUrl: () => publicUrl,
    setPublicUrl(url) {
      publicUrl = config.PUBLIC_URL ?? url;
    },
    async close() {
      await boss.stop({ graceful: true, wait: true });
      await database.close();
    },
  };
}

/** Migrations, built-in roles, the shipped calendar and the national division seed: idempotent. */
export async function prepareDatabase(database: Database, log: (msg: string) => void = () => {}) {
  await migrate(database.db, log);
  await syncBuiltinRoles(database.db);
  const years = await loadShippedCalendar(database.db);
  if (years.length) log(`loaded holiday notices for ${years.join(', ')}`);
  const provinces = await database.db
    .selectFrom('divisions')
    .select(sql<number>`count(*)`.as('n'))
    .where('level', '=', 1)
    .executeTakeFirstOrThrow();
  if (Number(provinces.n) === 0) log(`loaded ${await loadChinaDivisions(database.db)} divisions to county level`);
}

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
