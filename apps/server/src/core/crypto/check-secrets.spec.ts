import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// scripts/check-secrets.mjs, the CI guard, run against throw-away git repositories
const script = path.resolve(import.meta.dirname, '../../../../../scripts/check-secrets.mjs');
const scratch = mkdtempSync(path.join(tmpdir(), 'grassroots-secrets-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let n = 0;
function repoWith(files: Record<string, string>): string {
  const dir = path.join(scratch, `r${n++}`);
  mkdirSync(dir);
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe' });
  git('init', '-q');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  // -f: the check must catch a file forced past .gitignore, as data/keys.json once was
  git('add', '-f', '.');
  return dir;
}
const check = (dir: string) => spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });

// assembled at run time so that this file does not itself trip the check
const PEM = ['-----BEGIN', 'RSA PRIVATE KEY-----\nMIIEow…\n-----END', 'RSA PRIVATE KEY-----\n'].join(' ');
const KEY_JSON = `{"master${'Key'}":"${'1279ef86'.repeat(8)}"}`;

describe('scripts/check-secrets.mjs', () => {
  it('passes a repository without secrets, and this repository', () => {
    expect(
      check(repoWith({ 'README.md': '# hello\n', 'src/a.ts': 'export const a = 1;\n', '.env.example': 'PORT=3000\n' }))
        .status,
    ).toBe(0);
    expect(check(path.resolve(import.meta.dirname, '../../../../..')).status).toBe(0);
  });

  it.each([
    ['data/keys.json', KEY_JSON],
    ['deploy/server.pem', 'x'],
    ['tls/site.key', 'x'],
    ['.env', 'DATABASE_URL=postgres://u:p@h/db\n'],
    ['config/.env.production', 'X=1\n'],
    ['home/.ssh/id_rsa', 'x'],
    ['docs/setup-notes.md', `paste this:\n${PEM}`],
    ['ops/old-keys.txt', `backup of ${KEY_JSON}`],
    ['ops/run.sh', `GRASSROOTS_MASTER${'_KEY'}=${'ab'.repeat(32)} npm start\n`],
  ])('fails and names %s', (name, text) => {
    const r = check(repoWith({ 'README.md': '# hello\n', [name]: text }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(name);
    expect(r.stderr).not.toContain('README.md');
  });
});
