import type { App } from '../../app.ts';
import { scanDeadlines } from '../cases/deadline-scan.ts';
import { today } from '../time.ts';
import { ensureQueues } from './jobs.ts';

/**
 * Starts pg-boss and the job handlers. In embedded mode this runs inside the API process; with a
 * PostgreSQL server any number of worker processes may run, and pg-boss hands each job to one.
 */
export async function startWorker(app: App, log: (msg: string) => void = () => {}) {
  app.boss.on('error', (err) => log(`job queue error: ${err.message}`));
  await app.boss.start();
  await ensureQueues(app.boss);
  await app.boss.work<{ documentId: string }>('document.render', async (jobs) => {
    for (const job of jobs) await app.documents.pdf(job.data.documentId);
  });
  await app.boss.work('deadline.scan', async () => {
    const counts = await scanDeadlines(app.db, today(app.clock));
    if (counts.overdue || counts.dueSoon) log(`deadline scan: ${counts.overdue} overdue, ${counts.dueSoon} due soon`);
  });
  // every ten minutes, Beijing time, and once now
  await app.boss.schedule('deadline.scan', '*/10 * * * *', {}, { tz: 'Asia/Shanghai' });
  await app.boss.send('deadline.scan', {});
  return { stop: () => app.boss.stop({ graceful: true, wait: true }) };
}
