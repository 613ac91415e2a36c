import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The command line as an operator runs it, on its own embedded database in a scratch folder.
const bin = path.resolve(import.meta.dirname, '../bin/grassroots.mjs');
const scratch = mkdtempSync(path.join(tmpdir(), 'grassroots-cli-'));
const dataDir = path.join(scratch, 'data');

function cli(args: string[], dir = dataDir) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', GRASSROOTS_TODAY: '2026-09-30' },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('grassroots command line', () => {
  it('computes working days across the National Day holiday', () => {
    expect(cli(['calendar', 'add-days', '2026-09-30', '5']).out).toBe('2026-10-13');
    expect(cli(['calendar', 'add-days', '2026-09-30', '5', '--calendar-days']).out).toBe('2026-10-05');
    expect(cli(['calendar', 'is-working-day', '2026-10-10']).out).toBe('true');
    expect(cli(['calendar', 'is-working-day', '2026-10-05']).out).toBe('false');
  });

  it('counts next year on its statutory holidays until the notice is loaded, and refuses a year with neither', () => {
    // 2026-12-28 (Mon) + 5 on the provisional 2027: 29, 30, 31, (1 Jan, statutory), 4, 5
    expect(cli(['calendar', 'add-days', '2026-12-28', '5']).out).toBe('2027-01-05');
    const missing = cli(['calendar', 'add-days', '2027-12-27', '5']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/2028/);
    const file = path.join(scratch, '2027.json');
    writeFileSync(
      file,
      JSON.stringify({
        year: 2027,
        notice: { title: '测试用通知（非真实）' },
        festivals: [{ name: '元旦', daysOff: ['2027-01-01', '2027-01-04'], makeUpWorkdays: [] }],
      }),
    );
    expect(cli(['calendar', 'load', file]).out).toMatch(/loaded 2027: 2 holidays/);
    // the loaded notice replaces the provisional year: 4 January is now off too
    expect(cli(['calendar', 'add-days', '2026-12-28', '5']).out).toBe('2027-01-06');
  });

  it('rejects a malformed notice and names the field', () => {
    const file = path.join(scratch, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        year: 2028,
        notice: { title: '测试用通知标题' },
        festivals: [{ name: '元旦', daysOff: ['2027-01-01'], makeUpWorkdays: [] }],
      }),
    );
    const r = cli(['calendar', 'load', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/2027-01-01 不在 2028 年/);
  });

  it('verifies the audit chain, backs up, and restores into an empty folder', () => {
    const seeded = cli(['demo', 'seed', '--persons', '60', '--seed', '3']);
    expect(seeded.out).toMatch(/demo seed done/);
    expect(cli(['audit', 'anchor']).out).toMatch(/^anchored entry \d+ at chain position \d+/);
    const verify = cli(['audit', 'verify']);
    // the one anchor, in the table and in DATA_DIR's file
    expect(verify.out).toMatch(/^OK \d+ entries, 2 anchors agree/);
    const count = Number(/OK (\d+)/.exec(verify.out)![1]);
    // an off-host copy of the anchors that remembers a longer chain: the tail was cut, and verify says where
    const offHost = path.join(scratch, 'anchors-copy.jsonl');
    writeFileSync(
      offHost,
      `${JSON.stringify({ at: '2026-09-30T02:00:00.000Z', chainPos: count + 5, seq: 999999, hash: 'f'.repeat(64) })}\n`,
    );
    const cut = cli(['audit', 'verify', '--anchors', offHost]);
    expect(cut.code).toBe(2);
    expect(cut.out).toMatch(`BROKEN at entry 999999 (chain position ${count + 1})`);
    const backupDir = path.join(scratch, 'backup1');
    expect(cli(['backup', backupDir]).out).toMatch(`${count} audit entries`);
    // sealed with the installation's key, which the backup does not hold: a restore needs keys.json
    expect(
      existsSync(path.join(backupDir, 'database.tar.gz.sealed')) &&
        !existsSync(path.join(backupDir, 'database.tar.gz')),
    ).toBe(true);
    const restoredDir = path.join(scratch, 'restored');
    expect(cli(['restore', backupDir], restoredDir).err).toMatch(/no master key/);
    mkdirSync(restoredDir, { recursive: true });
    copyFileSync(path.join(dataDir, 'keys.json'), path.join(restoredDir, 'keys.json'));
    chmodSync(path.join(restoredDir, 'keys.json'), 0o600);
    const restored = cli(['restore', backupDir], restoredDir);
    expect(restored.out).toMatch(
      new RegExp(`audit chain OK with ${count + 1} entries|audit chain OK with ${count} entries`),
    );
    expect(cli(['calendar', 'is-working-day', '2026-10-10'], restoredDir).out).toBe('true');
    // a second restore over a live folder is refused
    expect(cli(['restore', backupDir], restoredDir).err).toMatch(/already holds a database/);
    // seven commands, each a fresh process that loads every module: on a busy CI machine under Node 22 this is over a minute
  }, 240_000);
});
