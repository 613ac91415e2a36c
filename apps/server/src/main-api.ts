import { existsSync } from 'node:fs';
import path from 'node:path';
import type { App } from './compose.ts';
import { WEB_DIST } from './http/web-assets.ts';
import { createApp, selfCheck } from './compose.ts';
import type { Config } from './core/config.ts';
import { startWorker } from './core/jobs/worker.ts';
import { buildServer } from './http/server.ts';
import { DEMO_PASSWORD, DEMO_USERS, isDemoSeeded, seedDemo } from './demo/demo.seed.ts';
import { progress } from './cli-progress.ts';

/** Starts the API; in embedded mode (or with --with-worker) the job worker runs in the same process. */
export async function startApi(config: Config, opts: { demo: boolean; withWorker: boolean }) {
  const log = (msg: string) => console.log(`[grassroots] ${msg}`);
  const app: App = await createApp(config, { log });
  const check = await selfCheck(app);
  log(
    `database: ${check.database}; ${check.version}; LC_CTYPE=${check.lcCtype}; pg_trgm sees Chinese: ${check.trigramSeesChinese ? 'yes' : 'NO — create the database with a UTF-8 LC_CTYPE (e.g. C.UTF-8)'}`,
  );
  const warning = await app.calendar.missingNextYearWarning();
  if (warning) log(`WARNING ${warning}`);
  if (opts.demo && !(await isDemoSeeded(app))) {
    log('seeding the demo county (河津市, about 3,000 persons)…');
    await seedDemo(app, { persons: 3000, seed: 2026, log, onProgress: progress('persons'), withAssistance: true });
  }
  const worker = config.embedded || opts.withWorker ? await startWorker(app, log) : undefined;
  const server = await buildServer(app, { logger: { level: config.LOG_LEVEL } });
  const address = await server.listen({ port: config.PORT, host: config.HOST });
  app.setPublicUrl(address);
  log(`Grassroots is running at ${address}  (API docs: ${address}/api/docs)`);
  if (existsSync(path.join(WEB_DIST, 'index.html')))
    log(`staff console: ${address}/console/   residents' portal: ${address}/`);
  else log('the web app is not built: run `npm run build` (npm start does) for the console and portal');
  if (opts.demo) {
    log(`demo logins (password ${DEMO_PASSWORD}):`);
    for (const u of DEMO_USERS) log(`  ${u.username.padEnd(11)} ${u.name}  [${u.role}, ${u.scope}]`);
    log('administrator accounts (sysadmin, secadmin, auditor) must enrol a TOTP second factor at first login');
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await server.close();
    await worker?.stop();
    await app.close();
    process.exit(0);
  };
  const stopOnSignal = () => {
    stop().catch((err: Error) => {
      log(`stopping failed: ${err.message}`);
      process.exit(1);
    });
  };
  process.on('SIGINT', stopOnSignal);
  process.on('SIGTERM', stopOnSignal);
  return { app, server, address };
}
