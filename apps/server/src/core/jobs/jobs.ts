import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { Executor } from '../db/database.ts';

/** Every job the product runs, with its payload. Handlers re-read state and may skip: they are idempotent. */
export interface JobMap {
  'document.render': { documentId: string };
  'deadline.scan': Record<string, never>;
  'assistance.reverification_scan': Record<string, never>;
  'care.visit_tasks': Record<string, never>;
  'centre.appointment_sms': { appointmentId: string; event: 'booked' | 'cancelled' };
  'complaints.escalation': Record<string, never>;
}
export type JobName = keyof JobMap;
export const JOB_NAMES: JobName[] = [
  'document.render',
  'deadline.scan',
  'assistance.reverification_scan',
  'care.visit_tasks',
  'centre.appointment_sms',
  'complaints.escalation',
];

/** Enqueues inside the caller's transaction: the job exists only if the change commits. */
export async function enqueue<K extends JobName>(boss: PgBoss, tx: Executor, name: K, data: JobMap[K]): Promise<void> {
  await boss.send(name, data, {
    db: {
      executeSql: async (text, values) => ({
        rows: (await tx.executeQuery(CompiledQuery.raw(text, values))).rows as unknown[] as never[],
      }),
    },
    retryLimit: 5,
    retryBackoff: true,
  });
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

export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const name of JOB_NAMES) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name);
  }
}
