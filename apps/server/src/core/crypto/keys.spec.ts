import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { isProduction, keyFingerprint, loadMasterKeys, PUBLISHED_KEY_FINGERPRINTS } from './keys.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'grassroots-keys-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const freshDir = () => path.join(scratch, `d${n++}`);

// the key git tracked as data/keys.json until issue 15 (git show 47e1001:data/keys.json)
const GIT_HISTORY_KEY = '1279ef86f1db8f3822be997160a46b5c2ab48e18fac8e2dc8b65bb5fb0904506';
const configIn = (dir: string, env: Record<string, string> = {}) =>
  loadConfig({ DATA_DIR: dir, ...env } as NodeJS.ProcessEnv);

describe('the master key', () => {
  it('is generated on first start into DATA_DIR with mode 0600, and the same key is read on the next start', () => {
    const dir = freshDir();
    const first = loadMasterKeys(configIn(dir), { production: true });
    const file = path.join(dir, 'keys.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(first[0]).not.toBe(GIT_HISTORY_KEY);
    expect(loadMasterKeys(configIn(dir), { production: true })).toEqual(first);
    // two installations never share a key
    expect(loadMasterKeys(configIn(freshDir()), { production: true })[0]).not.toBe(first[0]);
  });

  it('refuses a key file the group or the world can read', () => {
    const dir = freshDir();
    loadMasterKeys(configIn(dir), { production: false });
    const file = path.join(dir, 'keys.json');
    for (const mode of [0o640, 0o604, 0o644]) {
      chmodSync(file, mode);
      expect(() => loadMasterKeys(configIn(dir), { production: false })).toThrow(/readable by others.*chmod 600/);
    }
    chmodSync(file, 0o600);
    expect(loadMasterKeys(configIn(dir), { production: false })).toHaveLength(1);
  });

  it('knows the key from git history as published', () => {
    expect(PUBLISHED_KEY_FINGERPRINTS[keyFingerprint(GIT_HISTORY_KEY)]).toMatch(/data\/keys\.json/);
  });

  it('production refuses a published key from the environment and from the old demo key file; a demo or test accepts it', () => {
    const envConfig = configIn(freshDir(), { GRASSROOTS_MASTER_KEY: GIT_HISTORY_KEY });
    expect(() => loadMasterKeys(envConfig, { production: true })).toThrow(/is public.*keys rotate/);
    const dir = freshDir();
    loadMasterKeys(configIn(dir), { production: false });
    // the file exactly as git shipped it
    writeFileSync(path.join(dir, 'keys.json'), JSON.stringify({ masterKey: GIT_HISTORY_KEY }), { mode: 0o600 });
    expect(() => loadMasterKeys(configIn(dir), { production: true })).toThrow(/is public/);
    const warnings: string[] = [];
    expect(loadMasterKeys(configIn(dir), { production: false, log: (m) => warnings.push(m) })).toEqual([
      GIT_HISTORY_KEY,
    ]);
    expect(warnings.join()).toMatch(/public/);
    // a published key may stay as a previous key, so a rotation can move the data off it
    const rotated = configIn(freshDir(), {
      GRASSROOTS_MASTER_KEY: 'a1'.repeat(32),
      GRASSROOTS_PREVIOUS_MASTER_KEYS: GIT_HISTORY_KEY,
    });
    expect(loadMasterKeys(rotated, { production: true })).toEqual([GIT_HISTORY_KEY, 'a1'.repeat(32)]);
  });

  it('recognises production: NODE_ENV=production, or no NODE_ENV outside the demo', () => {
    expect(isProduction({}, { NODE_ENV: 'production' })).toBe(true);
    expect(isProduction({ demo: true }, { NODE_ENV: 'production' })).toBe(true);
    expect(isProduction({}, {})).toBe(true);
    expect(isProduction({ demo: true }, {})).toBe(false);
    expect(isProduction({}, { NODE_ENV: 'development' })).toBe(false);
    expect(isProduction({}, { NODE_ENV: 'test' })).toBe(false);
    expect(isProduction({ NODE_ENV: 'production' }, { NODE_ENV: 'test' })).toBe(true);
  });

  it('the server refuses to start in production with the published key, before touching the database', () => {
    const dir = freshDir();
    const bin = path.resolve(import.meta.dirname, '../../../bin/grassroots.mjs');
    const r = spawnSync(process.execPath, [bin, 'db', 'migrate'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATA_DIR: dir,
        DATABASE_URL: '',
        GRASSROOTS_MASTER_KEY: GIT_HISTORY_KEY,
      },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is public/);
    expect(existsSync(path.join(dir, 'pglite'))).toBe(false);
  });

  it('writes the key file atomically and only for its owner (no key left behind under a temporary name)', () => {
    const dir = freshDir();
    loadMasterKeys(configIn(dir), { production: true });
    expect(JSON.parse(readFileSync(path.join(dir, 'keys.json'), 'utf8')).keys).toHaveLength(1);
    expect(existsSync(`${path.join(dir, 'keys.json')}.${process.pid}.tmp`)).toBe(false);
  });
});
