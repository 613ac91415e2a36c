import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Config } from '../config.ts';
import { isSealed, openBuffer, openStream, sealBuffer, sealStream } from '../crypto/file-cipher.ts';
import { CryptoIntegrityError, type PiiCipher } from '../crypto/sm.ts';
import { type Database, pgliteOf } from './database.ts';

/**
 * A backup is a folder: the database (a PGlite data-dir tarball, or pg_dump's custom format), the
 * attachment files, and a manifest with the audit chain's head so a restore can be checked. The
 * database and every file are sealed with the platform key (core/crypto/file-cipher.ts) and the
 * manifest carries an HMAC-SM3: a copied or stolen backup shows nothing and cannot be altered
 * unnoticed. The key itself is never in a backup; restoring needs it (keys.json or GRASSROOTS_MASTER_KEY).
 */
export async function backup(
  config: Config,
  database: Database,
  target: string,
  manifest: Record<string, unknown>,
  cipher: PiiCipher,
) {
  await mkdir(target, { recursive: true });
  if (database.kind === 'pglite') {
    const blob = await pgliteOf(database)!.dumpDataDir('gzip');
    await writeFile(
      path.join(target, 'database.tar.gz.sealed'),
      sealBuffer(cipher, Buffer.from(await blob.arrayBuffer())),
    );
  } else {
    // pg_dump's output is sealed as it streams: the dump never touches the disk in the clear
    await withProcess('pg_dump', ['--format=custom', config.DATABASE_URL!], (child) =>
      sealStream(cipher, child.stdout!, path.join(target, 'database.dump.sealed')),
    );
  }
  if (existsSync(config.filesDir)) {
    await cp(config.filesDir, path.join(target, 'files'), { recursive: true });
    // files stored before encryption at rest are sealed in the copy
    await sealTree(cipher, path.join(target, 'files'));
  }
  const body = {
    ...manifest,
    kind: database.kind,
    sealed: { format: 'GRF2', keyId: cipher.currentKeyId },
    createdAt: new Date().toISOString(),
  };
  await writeFile(
    path.join(target, 'manifest.json'),
    JSON.stringify({ ...body, mac: manifestMac(cipher, body) }, null, 2),
  );
}

/** Runs a PostgreSQL client tool with its stdin or stdout given to `use`; fails with its stderr. */
async function withProcess(
  command: string,
  args: string[],
  use: (child: ChildProcess) => Promise<void>,
  stdin: 'pipe' | 'ignore' = 'ignore',
) {
  const child = spawn(command, args, { stdio: [stdin, stdin === 'pipe' ? 'inherit' : 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  try {
    await use(child);
  } catch (err) {
    child.kill();
    await exited.catch(() => {});
    throw err;
  }
  const code = await exited;
  if (code !== 0) throw new Error(`${command} failed: ${stderr.trim()}`);
}

async function sealTree(cipher: PiiCipher, dir: string) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await sealTree(cipher, full);
    else {
      const bytes = await readFile(full);
      if (!isSealed(bytes)) await writeFile(full, sealBuffer(cipher, bytes));
    }
  }
}

function manifestMac(cipher: PiiCipher, body: Record<string, unknown>, keyId?: string): string {
  const k = cipher.fileKeys(keyId);
  if (!k)
    throw new CryptoIntegrityError(
      `backup (sealed under master key ${keyId}, which is not in the key ring: restore keys.json or set GRASSROOTS_MASTER_KEY first)`,
    );
  return createHmac('sm3', k.mac).update(JSON.stringify(body)).digest('hex');
}

/** Restores into an empty target: the embedded data folder, or the (new, empty) database named by DATABASE_URL. */
export async function restore(config: Config, source: string, cipher: PiiCipher) {
  const { mac, ...manifest } = JSON.parse(await readFile(path.join(source, 'manifest.json'), 'utf8'));
  // a backup from before encryption at rest has no seal and no MAC, and is restored as it is
  const sealed = manifest.sealed as { keyId: string } | undefined;
  if (sealed) {
    const expected = Buffer.from(manifestMac(cipher, manifest, sealed.keyId), 'hex');
    const given = Buffer.from(typeof mac === 'string' ? mac : '', 'hex');
    if (given.length !== expected.length || !timingSafeEqual(expected, given))
      throw new CryptoIntegrityError('backup manifest');
  }
  if (manifest.kind === 'pglite') {
    if (!config.embedded) throw new Error('this backup is of an embedded database; restore it without DATABASE_URL');
    if (existsSync(path.join(config.pgliteDir, 'PG_VERSION')))
      throw new Error(`${config.pgliteDir} already holds a database: move it away first`);
    const bytes = sealed
      ? openBuffer(cipher, await readFile(path.join(source, 'database.tar.gz.sealed')), 'backup database')
      : await readFile(path.join(source, 'database.tar.gz'));
    await mkdir(config.DATA_DIR, { recursive: true });
    const lite = await PGlite.create({
      dataDir: config.pgliteDir,
      extensions: { pg_trgm },
      loadDataDir: new Blob([new Uint8Array(bytes)]),
    });
    await lite.close();
  } else {
    if (config.embedded)
      throw new Error('this backup is of a PostgreSQL server; set DATABASE_URL to an empty database');
    if (sealed) {
      // checked whole, then decrypted straight into pg_restore: no plain dump on disk
      // restored as the owner, so that the application role owns nothing afterwards either
      await withProcess(
        'pg_restore',
        ['--no-owner', `--dbname=${config.DATABASE_OWNER_URL ?? config.DATABASE_URL}`],
        (child) => openStream(cipher, path.join(source, 'database.dump.sealed'), child.stdin!, 'backup database'),
        'pipe',
      );
    } else {
      const r = spawnSync(
        'pg_restore',
        [
          '--no-owner',
          `--dbname=${config.DATABASE_OWNER_URL ?? config.DATABASE_URL}`,
          path.join(source, 'database.dump'),
        ],
        { stdio: ['ignore', 'inherit', 'pipe'] },
      );
      if (r.status !== 0) throw new Error(`pg_restore failed: ${r.stderr?.toString()}`);
    }
  }
  // the files stay sealed: the file store opens them as it reads
  if (existsSync(path.join(source, 'files')))
    await cp(path.join(source, 'files'), config.filesDir, { recursive: true });
  return manifest as { auditCount: number; auditHead: string };
}
