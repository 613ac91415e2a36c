import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp, prepareDatabase } from './compose.ts';
import { progress } from './cli-progress.ts';
import { anchorAuditChain, anchorsFileOf, fileAnchors } from './core/audit/audit-anchors.ts';
import { sealAll, verifyAuditChain } from './core/audit/audit.ts';
import { readCalendar } from './core/calendar/calendar.service.ts';
import { loadConfig } from './core/config.ts';
import { keysCommand } from './core/crypto/keys.command.ts';
import { isProduction, loadMasterKeys } from './core/crypto/keys.ts';
import { PiiCipher } from './core/crypto/sm.ts';
import { backup, restore } from './core/db/backup.ts';
import { openDatabase } from './core/db/database.ts';
import { localFileLimits } from './core/documents/upload-limits.ts';
import { AppError } from './core/errors.ts';
import { recomputeOpenCases } from './core/cases/recompute.ts';
import { startWorker } from './core/jobs/worker.ts';
import { startApi } from './main-api.ts';
import { writeDemoCsv } from './demo/demo.csv.ts';
import { seedDemo } from './demo/demo.seed.ts';
import { scanReverifications } from './modules/assistance/index.ts';
import { importPersons } from './modules/registry/registry.import.ts';

const HELP = `grassroots — 基层政务服务与治理平台 command line

  grassroots start [--demo] [--with-worker]   start the API (embedded database: worker included)
  grassroots worker                          run the job worker alone (PostgreSQL server mode)
  grassroots db migrate                      apply database migrations
  grassroots demo seed [--persons N] [--seed S]
  grassroots demo csv <file.csv> [--persons N] [--seed S]   the demo persons as an import file
  grassroots registry import <file.csv|xlsx> --source DEPT [--good-rows]
  grassroots calendar add-days <date> <n> [--calendar-days]
  grassroots calendar is-working-day <date>
  grassroots calendar load <file.json>
  grassroots audit verify [--anchors FILE]   the hash chain, against every anchor (the table, DATA_DIR's file, an off-host copy)
  grassroots audit anchor                    anchor the chain's head now (the worker does it every 500 entries or 5 minutes)
  grassroots assistance reverify [--horizon DAYS]   open 低保 re-verification cases falling due (the worker does it nightly)
  grassroots user create --username U --name N --department CODE --password P [--role ROLE:SCOPE]…
  grassroots user grant --username U --role ROLE:SCOPE     the only way to grant an administrator role (三权分立)
  grassroots user revoke --username U --role ROLE           … and to revoke one
  grassroots user lift-backoff --username U                let an account sign in again now (after a guessing attack)
  grassroots keys rotate [--batch N]          a new master key; every protected field re-encrypted under it (resumable)
  grassroots keys status                     the master keys' ids and fingerprints (never the keys)
  grassroots files seal                      encrypt stored files from before encryption at rest (keys rotate does it too)
  grassroots backup [<folder>]
  grassroots restore <folder>

DATABASE_URL=postgres://… uses a PostgreSQL server; without it the embedded database lives in ./data/pglite.`;

async function main(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      demo: { type: 'boolean' },
      'with-worker': { type: 'boolean' },
      persons: { type: 'string' },
      seed: { type: 'string' },
      'calendar-days': { type: 'boolean' },
      username: { type: 'string' },
      name: { type: 'string' },
      department: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
      anchors: { type: 'string' },
      source: { type: 'string' },
      'good-rows': { type: 'boolean' },
      horizon: { type: 'string' },
      batch: { type: 'string' },
    },
  });
  const config = loadConfig();
  const [cmd, sub, ...args] = positionals;
  const command = [cmd, sub].filter(Boolean).join(' ');
  if (values.help || !cmd) return console.log(HELP);

  if (command === 'demo csv') {
    if (!args[0]) throw usage('demo csv <file.csv> [--persons N] [--seed S]');
    const r = await writeDemoCsv(
      args[0],
      Number(values.persons ?? 3000),
      Number(values.seed ?? 2026),
      progress('persons'),
    );
    return console.log(`wrote ${r.persons} persons to ${args[0]}`);
  }
  // the demo shows residents' SMS codes on the portal, since no SMS gateway is configured
  if (cmd === 'start' && values.demo && !process.env.GRASSROOTS_SMS) config.GRASSROOTS_SMS = 'demo';
  // the demo county may run on the once-published demo key and show codes on screen; nothing else may
  if (cmd === 'start' && values.demo) config.demo = true;
  if (cmd === 'start')
    return void (await startApi(config, { demo: !!values.demo, withWorker: !!values['with-worker'] }));
  if (cmd === 'keys') {
    const batchSize = values.batch === undefined ? undefined : Number(values.batch);
    if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1))
      throw usage('keys rotate [--batch N ≥ 1]');
    await keysCommand(config, sub, (c, log) => createApp(c, { log }), {
      ...(batchSize ? { batchSize } : {}),
      onProgress: progress('rows'),
    });
    return;
  }
  if (cmd === 'restore') {
    if (!sub) throw usage('restore <folder>');
    // the key the backup was sealed with: keys.json copied into DATA_DIR, or GRASSROOTS_MASTER_KEY
    const m = await restore(
      config,
      path.resolve(sub),
      new PiiCipher(loadMasterKeys(config, { production: isProduction(config), generate: false })),
    );
    const app = await createApp(config);
    const result = await verifyAuditChain(app.db);
    await app.close();
    if (!result.ok || result.count < m.auditCount)
      throw new Error(`restored, but the audit chain does not match the backup (${JSON.stringify(result)})`);
    return console.log(`restored from ${sub}; audit chain OK with ${result.count} entries`);
  }
  if (command.startsWith('calendar') && sub !== 'load') {
    // read-only: no migrations, so it answers fast
    const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.pgliteDir });
    try {
      await prepareDatabase(database);
      const calendar = await readCalendar(database.db);
      if (sub === 'add-days') {
        const [date, n] = args;
        if (!date || n === undefined || !/^\d+$/.test(n))
          throw usage('calendar add-days <YYYY-MM-DD> <n> [--calendar-days]');
        return console.log(calendar.addDays(date, Number(n), values['calendar-days'] ? 'calendar' : 'working'));
      }
      if (sub === 'is-working-day') {
        if (!args[0]) throw usage('calendar is-working-day <YYYY-MM-DD>');
        return console.log(String(calendar.isWorkingDay(args[0])));
      }
      throw usage('calendar add-days|is-working-day|load');
    } finally {
      await database.close();
    }
  }

  const app = await createApp(config, { log: (m) => console.error(m) });
  try {
    // one-word commands take their argument where two-word commands have their second word
    switch (['backup', 'worker'].includes(cmd) ? cmd : command) {
      case 'db migrate':
        return console.log('database is up to date');
      case 'worker': {
        await startWorker(app, (m) => console.log(m));
        console.log('worker running; Ctrl-C to stop');
        await new Promise(() => {});
        return;
      }
      case 'assistance reverify': {
        const r = await scanReverifications(app, Number(values.horizon ?? 30));
        return console.log(
          `re-verification cases opened: ${r.opened} (due by ${r.until})${r.withoutDepartment ? `; ${r.withoutDepartment} households have no township office to own theirs` : ''}`,
        );
      }
      case 'demo seed': {
        const persons = Number(values.persons ?? 3000);
        const seed = Number(values.seed ?? 2026);
        if (!Number.isInteger(persons) || persons < 10) throw usage('demo seed [--persons N ≥ 10] [--seed S]');
        await seedDemo(app, {
          persons,
          seed,
          log: (m) => console.log(m),
          onProgress: progress('persons'),
          withAssistance: true,
        });
        return console.log('demo seed done');
      }
      case 'registry import': {
        const file = args[0];
        if (!file || !values.source) throw usage('registry import <file.csv|xlsx> --source DEPT [--good-rows]');
        const format = /\.xlsx$/i.test(file) ? 'xlsx' : 'csv';
        // the whole database, not only its handle: on the PostgreSQL server the import loads by COPY
        const r = await importPersons(app.database, app.cipher, undefined, createReadStream(file), {
          format,
          fileName: path.basename(file),
          source: values.source,
          goodRows: !!values['good-rows'],
          onProgress: progress('rows'),
          limits: localFileLimits(app.config),
        });
        console.log(
          `${r.status}: ${r.total} rows, ${r.inserted} new, ${r.updated} filled, ${r.unchanged} unchanged, ${r.bad} bad, ${r.conflicts} conflicts for review (import ${r.id})`,
        );
        for (const e of r.errors.slice(0, 20)) console.log(`  line ${e.line} ${e.field}: ${e.reason}`);
        if (r.errors.length > 20)
          console.log(`  … ${r.errors.length - 20} more: GET /api/v1/imports/${r.id}/errors.csv`);
        if (r.status === 'rejected') process.exitCode = 3;
        return;
      }
      case 'calendar load': {
        if (!args[0]) throw usage('calendar load <file.json>');
        const r = await app.calendar.load(JSON.parse(await readFile(args[0], 'utf8')), { id: null, name: 'cli' });
        const moved = await recomputeOpenCases(app, r.year, app.clock());
        return console.log(
          `loaded ${r.year}: ${r.holidays} holidays, ${r.makeUpWorkdays} make-up working days; ${moved} open cases' due dates moved`,
        );
      }
      case 'audit verify': {
        await sealAll(app.db);
        // the anchors the application cannot change: DATA_DIR's file, and the operator's off-host copy
        const anchors = [
          ...(await fileAnchors(anchorsFileOf(config.DATA_DIR))),
          ...(values.anchors ? await fileAnchors(path.resolve(values.anchors)) : []),
        ];
        const r = await verifyAuditChain(app.db, progress('entries'), undefined, anchors);
        if (!r.ok) {
          console.log(
            `BROKEN at entry ${r.brokenSeq}${r.brokenPos ? ` (chain position ${r.brokenPos})` : ''}: ${r.reason} (${r.count} entries verified before it)`,
          );
          process.exitCode = 2;
          return;
        }
        return console.log(
          `OK ${r.count} entries, ${r.anchors} anchors agree${r.pending ? `, ${r.pending} not yet sealed` : ''}`,
        );
      }
      case 'audit anchor': {
        await sealAll(app.db);
        const a = await anchorAuditChain(app.db, anchorsFileOf(config.DATA_DIR));
        return console.log(
          a
            ? `anchored entry ${a.seq} at chain position ${a.chainPos} (${a.hash}) in audit_anchors and ${anchorsFileOf(config.DATA_DIR)}`
            : 'the head is anchored already',
        );
      }
      case 'files seal': {
        const r = await app.files.sealAll(progress('files'));
        return console.log(`${r.sealed} of ${r.seen} stored files sealed under key ${app.cipher.currentKeyId}`);
      }
      case 'user create': {
        const roles = (values.role ?? []).map((r) => {
          const [role, scope = 'department'] = r.split(':');
          return { role: role!, scope: scope as 'department' | 'subtree' | 'all' };
        });
        if (!values.username || !values.name || !values.department || !values.password)
          throw usage('user create --username U --name N --department CODE --password P [--role ROLE:SCOPE]');
        const u = await app.users.create({
          username: values.username,
          displayName: values.name,
          departmentCode: values.department,
          password: values.password,
          roles,
        });
        return console.log(`created user ${values.username} (${u.id})`);
      }
      case 'user grant':
      case 'user revoke': {
        const [role, scope = 'department'] = (values.role?.[0] ?? '').split(':');
        if (!values.username || !role)
          throw usage(`${command} --username U --role ROLE${sub === 'grant' ? ':SCOPE' : ''}`);
        const u = await app.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', values.username)
          .executeTakeFirst();
        if (!u) throw usage(`no user ${values.username}`);
        if (sub === 'grant') await app.users.grant(undefined, u.id, role, scope as 'department' | 'subtree' | 'all');
        else await app.users.revoke(undefined, u.id, role);
        return console.log(
          `${sub === 'grant' ? 'granted' : 'revoked'} ${role} ${sub === 'grant' ? 'to' : 'from'} ${values.username}`,
        );
      }
      case 'user lift-backoff': {
        if (!values.username) throw usage('user lift-backoff --username U');
        if (!(await app.users.liftBackoff(values.username))) throw usage(`no user ${values.username}`);
        return console.log(`${values.username} may sign in again`);
      }
      case 'backup': {
        const target = path.resolve(
          sub ?? path.join(config.DATA_DIR, 'backups', new Date().toISOString().replace(/[:.]/g, '-')),
        );
        await sealAll(app.db);
        const chain = await verifyAuditChain(app.db);
        if (!chain.ok) throw new Error('audit chain is broken; refusing to back up over the evidence');
        await backup(config, app.database, target, { auditCount: chain.count, auditHead: chain.lastHash }, app.cipher);
        return console.log(`backup written to ${target} (${chain.count} audit entries)`);
      }
      default:
        throw usage(HELP);
    }
  } finally {
    if (command !== 'worker') await app.close();
  }
}

const usage = (text: string) => new AppError(400, 'usage', text, text);

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof AppError)
    console.error(`${err.messageZh}\n${err.messageEn === err.messageZh ? '' : err.messageEn}`.trim());
  else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
