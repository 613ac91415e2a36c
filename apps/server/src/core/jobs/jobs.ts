import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { Executor } from '../db/database.ts';

/**
 * Every job the product runs, with its payload. The core's own jobs are here; each module adds its
 * own by declaration merging in its `*.jobs.ts` (`declare module '../../core/jobs/jobs.ts' { interface JobMap … }`)
 * and registers their handlers in its manifest. Handlers re-read state and may skip: they are idempotent.
 */
export interface JobMap {
  'document.render': { documentId: string };
  'deadline.scan': Record<string, never>;
}
export type JobName = keyof JobMap;
/** the core's jobs, handled by the worker itself */
export const CORE_JOBS: JobName[] = ['document.render', 'deadline.scan'];

const SEND_OPTIONS = { retryLimit: 5, retryBackoff: true } as const;

/** Enqueues inside the caller's transaction: the job exists only if the change commits. */
export async function enqueue<K extends JobName>(boss: PgBoss, tx: Executor, name: K, data: JobMap[K]): Promise<void> {
  await boss.send(name, data, {
    db: {
      executeSql: async (text, values) => ({
        rows: (await tx.executeQuery(CompiledQuery.raw(text, values))).rows as unknown[] as never[],
      }),
    },
    ...SEND_OPTIONS,
  });
}

/**
 * The statement `enqueue` sends (pg-boss's own job insert, with its queue's policy and defaults),
 * not sent: for a command that writes its jobs in one statement with its other writes. pg-boss
 * builds it and hands it to the `db` given; taken from there, it is exactly what `enqueue` runs.
 */
export async function jobInsert<K extends JobName>(boss: PgBoss, name: K, data: JobMap[K]): Promise<CompiledQuery> {
  let insert: CompiledQuery | undefined;
  await boss.send(name, data, {
    db: {
      executeSql: async (text, values) => {
        insert = CompiledQuery.raw(text, values);
        // one row: pg-boss takes it for the job's id and asks nothing more (no throttling here)
        return { rows: [{ id: '' }] as never[] };
      },
    },
    ...SEND_OPTIONS,
  });
  if (!insert) throw new Error(`pg-boss sent no statement for a ${name} job`);
  return insert;
}

export function createBoss(opts: {
  connectionString?: string | undefined;
  executeSql?: (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;
}): PgBoss {
  const base = { schema: 'pgboss', supervise: true, schedule: true } as const;
  const boss = opts.connectionString
    ? new PgBoss({ ...base, connectionString: opts.connectionString, max: 4 })
    : new PgBoss({ ...base, db: { executeSql: opts.executeSql as never } });
  return boss;
}

/** A queue per job; pg-boss refuses to send to a queue that does not exist. */
export async function ensureQueues(boss: PgBoss, names: readonly string[]): Promise<void> {
  for (const name of names) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name);
  }
}
