import { anchorIfDue, anchorsFileOf } from '../audit/audit-anchors.ts';
import { sealAll } from '../audit/audit.ts';
import { deleteIdleSessions } from '../auth/auth.repository.ts';
import { scanDeadlines } from '../cases/deadline-scan.ts';
import type { Composed, JobRegistration } from '../module.ts';
import { today } from '../time.ts';

/**
 * Starts the job handlers: the core's own, then every module's from its manifest. In embedded mode
 * this runs inside the API process; with a PostgreSQL server any number of worker processes may run,
 * and pg-boss hands each job to one.
 */
export async function startWorker(app: Composed, log: (msg: string) => void = () => {}) {
  const jobs: JobRegistration[] = [...coreJobs(app, log), ...app.modules.flatMap((m) => m.jobs ?? [])];
  for (const job of jobs) {
    await app.boss.work<object>(
      job.name,
      { batchSize: job.batchSize ?? 1, pollingIntervalSeconds: 1 },
      async (batch) => {
        for (const one of batch) await job.handle(one.data as never);
      },
    );
    if (job.schedule) {
      // Beijing time: a county's night runs are set by its clock, not the server's
      await app.boss.schedule(job.name, job.schedule.cron, {}, { tz: 'Asia/Shanghai' });
      if (job.schedule.atStart) await app.boss.send(job.name, {});
    }
  }
  // the audit chain is sealed a moment after each commit
  let sealing = false;
  const sealer = setInterval(() => {
    if (sealing) return;
    sealing = true;
    // then the head is anchored where the application cannot rewrite it, when due
    sealAll(app.db)
      .then(() => anchorIfDue(app.db, anchorsFileOf(app.config.DATA_DIR)))
      .catch((err: Error) => log(`audit sealing failed: ${err.message}`))
      .finally(() => {
        sealing = false;
      });
  }, 1000);
  // idle sessions are refused at once; their rows are cleared now and then
  const sessionSweeper = setInterval(() => {
    deleteIdleSessions(app.db, app.config.GRASSROOTS_SESSION_MAX_HOURS).catch((err: Error) =>
      log(`session sweep failed: ${err.message}`),
    );
  }, 10 * 60_000);
  return {
    jobs: jobs.map((j) => j.name),
    stop: async () => {
      clearInterval(sealer);
      clearInterval(sessionSweeper);
      for (const job of jobs) await app.boss.offWork(job.name);
    },
  };
}

/** The core's jobs: documents rendered after their commit, and the deadline scan every ten minutes and once now. */
function coreJobs(app: Composed, log: (msg: string) => void): JobRegistration[] {
  return [
    {
      name: 'document.render',
      batchSize: 10,
      handle: async (data) => {
        await app.documents.pdf((data as { documentId: string }).documentId);
      },
    },
    {
      name: 'deadline.scan',
      schedule: { cron: '*/10 * * * *', atStart: true },
      handle: async () => {
        const counts = await scanDeadlines(app.db, today(app.clock));
        if (counts.overdue || counts.dueSoon)
          log(`deadline scan: ${counts.overdue} overdue, ${counts.dueSoon} due soon`);
      },
    },
  ];
}
