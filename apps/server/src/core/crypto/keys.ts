import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { keyIdOf, sm3Hex } from './sm.ts';

/**
 * SM3 fingerprints (of the 32 key bytes) of master keys that have been public: in this repository's
 * history, in test or benchmark code. Production refuses to write under any of them. A key that
 * leaks later belongs here too (fingerprint: `grassroots keys fingerprint`).
 */
export const PUBLISHED_KEY_FINGERPRINTS: Record<string, string> = {
  c07090f1fdcbb64ae7069bc03953d452d25634dab1c3c75aaa148ce84ee50f4d:
    'the demo key once tracked in git as data/keys.json',
  '8fba6d943045969f523af3c204dd2f55e88ead1cfc271610773134a909c4c5a7': 'the test key in apps/server/test/config.ts',
  aefed6dc2dbd5597887732f4900db7f88d2fa9b118744c31e69655e0cdad27e7: 'the benchmark key in bench/lib.ts',
};

export function keyFingerprint(masterKeyHex: string): string {
  return sm3Hex(Buffer.from(masterKeyHex, 'hex'));
}

/**
 * Production unless told otherwise: NODE_ENV=production, or no NODE_ENV at all outside `start --demo`.
 * Only NODE_ENV=development or test (vitest sets it) and the demo relax the rules, so a forgotten
 * variable on a county's server errs on the safe side.
 */
export function isProduction(config: Pick<Config, 'demo' | 'NODE_ENV'>, env: NodeJS.ProcessEnv = process.env): boolean {
  // a config built from an explicit environment (tests, benchmarks) falls back to the process's
  const nodeEnv = config.NODE_ENV ?? env.NODE_ENV;
  if (nodeEnv === 'production') return true;
  if (nodeEnv === 'development' || nodeEnv === 'test') return false;
  return !config.demo;
}

export class KeyError extends Error {}

const HEX64 = /^[0-9a-f]{64}$/i;

/** DATA_DIR/keys.json: {"keys": [oldest, …, current]}; the first version's {"masterKey": …} reads as one key. */
export function keyFile(config: Pick<Config, 'DATA_DIR'>): string {
  return path.join(config.DATA_DIR, 'keys.json');
}

function readKeyFile(file: string): string[] {
  // a key file others can read is a key others have: refuse rather than warn (not checked on Windows, whose ACLs differ)
  if (process.platform !== 'win32') {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) {
      throw new KeyError(
        `${file} is readable by others (mode ${mode.toString(8)}): run chmod 600 ${file} and check who copied it`,
      );
    }
  }
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { keys?: unknown; masterKey?: unknown };
  const keys = Array.isArray(parsed.keys) ? parsed.keys : [parsed.masterKey];
  if (!keys.length || !keys.every((k) => typeof k === 'string' && HEX64.test(k)))
    throw new KeyError(`${file}: expected {"keys": ["<64 hex>", …]}`);
  return keys as string[];
}

/** Written to a temporary file then renamed: a crash never leaves a half-written key file. */
export function writeKeyFile(file: string, keys: string[]) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/**
 * The master keys, oldest first, the last one current. GRASSROOTS_MASTER_KEY (with
 * GRASSROOTS_PREVIOUS_MASTER_KEYS during and after a rotation) when set; else DATA_DIR/keys.json,
 * generated on first start. Production refuses a current key that was ever published.
 */
export function loadMasterKeys(
  config: Config,
  opts: { production: boolean; log?: (msg: string) => void; generate?: boolean },
): string[] {
  let keys: string[];
  if (config.GRASSROOTS_MASTER_KEY) {
    keys = [...config.GRASSROOTS_PREVIOUS_MASTER_KEYS, config.GRASSROOTS_MASTER_KEY];
  } else {
    const file = keyFile(config);
    if (!existsSync(file)) {
      // a restore must not invent a key: it would read nothing of the backup
      if (opts.generate === false)
        throw new KeyError(`no master key: copy the installation's keys.json to ${file} or set GRASSROOTS_MASTER_KEY`);
      writeKeyFile(file, [randomBytes(32).toString('hex')]);
      opts.log?.(`generated a new master key in ${file}: keep a copy apart from the database backups`);
    }
    keys = readKeyFile(file);
  }
  keys = keys.map((k) => k.toLowerCase());
  const current = keys.at(-1)!;
  const published = PUBLISHED_KEY_FINGERPRINTS[keyFingerprint(current)];
  if (published && opts.production) {
    throw new KeyError(
      `the master key ${keyIdOf(current)} is public (${published}); production will not write under it. ` +
        'Run `grassroots keys rotate` to move the data to a fresh key, or start with a new GRASSROOTS_MASTER_KEY',
    );
  }
  if (published) opts.log?.(`warning: the master key is public (${published}); acceptable for a demo or a test only`);
  return keys;
}

/** `keys rotate` with a key file: a fresh key becomes current, the old ones stay to read what is not yet rewritten. */
export function addKeyToFile(config: Config): string {
  if (config.GRASSROOTS_MASTER_KEY) {
    throw new KeyError(
      'GRASSROOTS_MASTER_KEY is set: put the new key there and the old one in GRASSROOTS_PREVIOUS_MASTER_KEYS, then run `grassroots keys rotate` again',
    );
  }
  const file = keyFile(config);
  const keys = existsSync(file) ? readKeyFile(file) : [];
  const fresh = randomBytes(32).toString('hex');
  writeKeyFile(file, [...keys, fresh]);
  return keyIdOf(fresh);
}
