import { sql } from 'kysely';
import { recordAudit } from '../audit/audit.ts';
import type { Config } from '../config.ts';
import { type Db, openDatabase } from '../db/database.ts';
import { addKeyToFile, keyFingerprint, loadMasterKeys, PUBLISHED_KEY_FINGERPRINTS } from './keys.ts';
import { reencryptAll } from './reencrypt.ts';
import { keyIdOf, type PiiCipher } from './sm.ts';

/** what the command needs of the application (main-cli passes createApp: core does not import the composition root) */
export type MakeApp = (
  config: Config,
  log: (msg: string) => void,
) => Promise<{
  db: Db;
  cipher: PiiCipher;
  files: { sealAll(): Promise<{ sealed: number; seen: number }> };
  close(): Promise<void>;
}>;

export interface KeysCommandOptions {
  batchSize?: number;
  out?: (line: string) => void;
  onProgress?: (visited: number, total: number) => void;
  /** tests: stop after this many batches, as a crash would */
  stopAfterBatches?: number;
}

/** The rotation a previous `keys rotate` left unfinished, if any (read before the key ring changes). */
async function unfinishedRotation(config: Config): Promise<string | undefined> {
  const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.pgliteDir });
  try {
    const exists = (
      await sql<{ t: string | null }>`SELECT to_regclass('key_rotations')::text AS t`.execute(database.db)
    ).rows[0]?.t;
    if (!exists) return undefined;
    return (
      await sql<{
        target_key_id: string;
      }>`SELECT target_key_id FROM key_rotations WHERE kind = 'rotate' AND finished_at IS NULL`.execute(database.db)
    ).rows[0]?.target_key_id;
  } finally {
    await database.close();
  }
}

/**
 * `grassroots keys rotate`: a fresh key becomes current (key file), or the operator's new
 * GRASSROOTS_MASTER_KEY is taken; then every protected field is re-encrypted and every blind index
 * recomputed under it, in batches. Re-running after a crash continues the unfinished rotation instead
 * of starting another. `grassroots keys status`: the ring, without the keys.
 */
export async function keysCommand(
  config: Config,
  sub: string | undefined,
  makeApp: MakeApp,
  opts: KeysCommandOptions = {},
) {
  const out = opts.out ?? ((line: string) => console.log(line));
  if (sub === 'status') {
    const keys = loadMasterKeys(config, { production: false });
    keys.forEach((k, i) => {
      const published = PUBLISHED_KEY_FINGERPRINTS[keyFingerprint(k)];
      out(
        `${i === keys.length - 1 ? 'current ' : 'previous'} ${keyIdOf(k)}  SM3 fingerprint ${keyFingerprint(k)}${published ? `  PUBLISHED: ${published}` : ''}`,
      );
    });
    return;
  }
  if (sub !== 'rotate') throw new Error('keys rotate [--batch N] | keys status');

  const open = await unfinishedRotation(config);
  if (open) out(`continuing the unfinished rotation to key ${open}`);
  else if (!config.GRASSROOTS_MASTER_KEY)
    out(
      `new master key ${addKeyToFile(config)} added to the key file; the previous keys stay there to read older data and backups`,
    );
  const app = await makeApp(config, out);
  try {
    const target = app.cipher.currentKeyId;
    if (!open && config.GRASSROOTS_MASTER_KEY) {
      const last = (
        await sql<{
          target_key_id: string;
        }>`SELECT target_key_id FROM key_rotations WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1`.execute(
          app.db,
        )
      ).rows[0];
      if (last?.target_key_id === target && app.cipher.keyIds.length === 1) {
        throw new Error(
          'nothing to rotate to: set GRASSROOTS_MASTER_KEY to a new key and GRASSROOTS_PREVIOUS_MASTER_KEYS to the old one(s)',
        );
      }
    }
    let batches = 0;
    const r = await reencryptAll(app.db, app.cipher, {
      kind: 'rotate',
      ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
      onProgress: (_rewritten, visited, total) => {
        opts.onProgress?.(visited, total);
        if (opts.stopAfterBatches !== undefined && ++batches >= opts.stopAfterBatches)
          throw new Error('stopped (test)');
      },
    });
    // stored files (scans, photos, PDFs) too: sealed under the new key
    const files = await app.files.sealAll();
    // resident sign-in codes and sessions hold only a blind index of the phone (the number is not kept to
    // recompute it from): they end, and residents sign in again
    await app.db.transaction().execute(async (tx) => {
      await sql`DELETE FROM resident_codes`.execute(tx);
      await sql`DELETE FROM resident_sessions`.execute(tx);
      await recordAudit(tx, {
        action: 'keys.rotated',
        actorName: 'cli',
        details: {
          keyId: target,
          previous: app.cipher.keyIds.slice(0, -1),
          rewritten: r.rewritten,
          resumed: r.resumed,
          filesSealed: files.sealed,
        },
      });
    });
    out(
      `rotation to key ${target} complete: ${r.rewritten} protected fields re-encrypted and their blind indexes recomputed, ${files.sealed} files sealed${r.resumed ? ' (continued after an interruption)' : ''}`,
    );
    return r;
  } finally {
    await app.close();
  }
}
