import type { FastifyInstance } from 'fastify';
// the request decorations module routes use (cookies, uploaded files), whoever compiles them
import type {} from '@fastify/cookie';
import type {} from '@fastify/multipart';
import type PgBoss from 'pg-boss';
import type { AuthService } from './auth/auth.service.ts';
import type { Permission } from './auth/permissions.ts';
import type { UsersService } from './auth/users.service.ts';
import type { CalendarService } from './calendar/calendar.service.ts';
import type { CaseHooks, CaseTypeInput, CaseTypeRegistry } from './cases/case-type.ts';
import type { CaseService } from './cases/case.service.ts';
import type { SubjectResolvers } from './cases/case-subjects.ts';
import type { Config } from './config.ts';
import type { PiiCipher } from './crypto/sm.ts';
import type { Database, Db } from './db/database.ts';
import type { ReadRouter } from './db/replica.ts';
import type { DocumentService } from './documents/documents.service.ts';
import type { FileStore } from './documents/file-store.ts';
import type { JobMap, JobName } from './jobs/jobs.ts';
import type { NotificationService } from './notifications/notifications.service.ts';
import type { SmsTransport } from './sms.ts';
import type { Clock } from './time.ts';

/**
 * What the core gives every module: built once by the composition root (`compose.ts`) before any
 * module. A module never reaches for more: another module's service comes only through `needs`.
 */
export interface Core {
  config: Config;
  database: Database;
  db: Database['db'];
  /** where read-only work goes: `reads.reader(actor)` is the replica unless that user's own write is not there yet */
  reads: ReadRouter;
  clock: Clock;
  cipher: PiiCipher;
  caseTypes: CaseTypeRegistry;
  calendar: CalendarService;
  files: FileStore;
  documents: DocumentService;
  cases: CaseService;
  auth: AuthService;
  users: UsersService;
  boss: PgBoss;
  /** where SMS go: one-time codes, booking confirmations */
  sms: SmsTransport;
  /** messages to staff: a module tells people through it, in its own transaction */
  notifications: NotificationService;
  log: (msg: string) => void;
  /** the address residents and QR codes are sent to; known once the server listens */
  publicUrl: () => string;
}

/**
 * Each module's public service, by module name. A module adds its own entry by declaration merging
 * in its `index.ts` (`declare module '../../core/module.ts' { interface ModuleServices { … } }`), so
 * the core names no module and `needs` is checked by the compiler.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface ModuleServices {}
export type ModuleName = keyof ModuleServices;

/** What a module's build and routes see: the core, and the services of the modules it declared it needs. */
export type ModuleContext<N extends ModuleName = never> = Core & Pick<ModuleServices, N>;

export type RouteRegistrar = (server: FastifyInstance) => Promise<void>;

/** A job a module handles; the worker registers it, so a job enqueued without a handler cannot ship (a test checks). */
export interface JobRegistration<K extends JobName = JobName> {
  name: K;
  handle: (data: JobMap[K]) => Promise<void>;
  batchSize?: number;
  /** cron in Beijing time, for scheduled work; with `atStart` also once when the worker starts */
  schedule?: { cron: string; atStart?: boolean };
}

/** A job registration with its payload type checked against the job map. */
export function job<K extends JobName>(registration: JobRegistration<K>): JobRegistration {
  return registration as unknown as JobRegistration;
}

export interface BuiltModule<S> {
  /** what other modules may use, as `ModuleServices[name]` */
  service: S;
  /** the module's routes under /api/v1 */
  routes?: RouteRegistrar;
  /** routes at the root (a published standard's own paths, such as Open311's /open311/v2) */
  rootRoutes?: RouteRegistrar;
  /** the benchmark's bare baselines at the root, registered only with GRASSROOTS_BENCH_BASELINE=1 */
  benchRoutes?: RouteRegistrar;
  /** the after-action hooks of this module's case types, by case type code */
  caseHooks?: Record<string, CaseHooks>;
  jobs?: JobRegistration[];
}

/** The core with the built modules, as the server and the worker see it: they name no module. */
export interface Composed extends Core {
  /** the built modules, in dependency order: the server registers their routes, the worker their jobs */
  modules: Array<{ name: string } & BuiltModule<unknown>>;
}

export interface ModuleManifest<Name extends string = string, N extends ModuleName = ModuleName, S = unknown> {
  name: Name;
  /** the modules whose services this one uses; built first, and the only ones it is handed */
  needs: readonly N[];
  /**
   * the other modules whose tables this module's repositories join for reading (set-based queries, such as a
   * payment cycle over the register's households); reading only: a module writes no table but its own.
   * Checked against the source by modules/table-ownership.spec.ts.
   */
  reads?: readonly string[];
  /** the case types this module defines (plain data: the generated docs/WORKFLOWS.md reads them) */
  caseTypes?: CaseTypeInput[];
  /** the subject types cases are opened on that this module owns, each with its resolver (the core names no module table) */
  subjects?: SubjectResolvers;
  /** the permissions this module checks (the role matrix in core/auth grants them) */
  permissions?: readonly Permission[];
  /** the jobs this module handles (its build returns their handlers; the owner creates their queues at set-up) */
  jobs?: readonly JobName[];
  /** the configuration keys this module reads */
  settings?: ReadonlyArray<keyof Config>;
  /** the folder of this module's SQL migrations, if it owns tables */
  migrations?: string;
  /** idempotent set-up as the database owner after the migrations (seed data the module cannot run without) */
  prepare?: (db: Db, log: (msg: string) => void) => Promise<void>;
  build(ctx: ModuleContext<N>): BuiltModule<S>;
}

/** One module: a name, what it needs, what it defines, and how it is built (see architecture.md). */
export function defineModule<const Name extends string, const N extends ModuleName = never, S = unknown>(
  manifest: ModuleManifest<Name, N, S>,
): ModuleManifest<Name, N, S> {
  return manifest;
}
