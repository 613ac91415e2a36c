import type { App } from '../../app.ts';
import { anchorIfDue, anchorsFileOf } from '../audit/audit-anchors.ts';
import { sealAll } from '../audit/audit.ts';
import { deleteIdleSessions } from '../auth/auth.repository.ts';
import { scanDeadlines } from '../cases/deadline-scan.ts';
import { today } from '../time.ts';

/**
 * Starts pg-boss and the job handlers. In embedded mode this runs inside the API process; with a
 * PostgreSQL server any number of worker processes may run, and pg-boss hands each job to one.
 */
export async function startWorker(app: App, log: (msg: string) => void = () => {}) {
  await app.boss.work<{ documentId: string }>(
    'document.render',
    { batchSize: 10, pollingIntervalSeconds: 1 },
    async (jobs) => {
      for (const job of jobs) await app.documents.pdf(job.data.documentId);
    },
  );
  await app.boss.work('deadline.scan', async () => {
    const counts = await scanDeadlines(app.db, today(app.clock));
    if (counts.overdue || counts.dueSoon) log(`deadline scan: ${counts.overdue} overdue, ${counts.dueSoon} due soon`);
  });
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
  // every ten minutes, Beijing time, and once now
  await app.boss.schedule('deadline.scan', '*/10 * * * *', {}, { tz: 'Asia/Shanghai' });
  await app.boss.send('deadline.scan', {});
  const modules: Array<{ stop(): Promise<void> }> = [];
  for (const start of app.moduleJobs) modules.push(await start(app, log));
  return {
    stop: async () => {
      for (const m of modules) await m.stop();
      clearInterval(sealer);
      clearInterval(sessionSweeper);
      await app.boss.offWork('document.render');
      await app.boss.offWork('deadline.scan');
    },
  };
}
