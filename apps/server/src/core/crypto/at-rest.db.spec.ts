import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig, withDatabaseName } from '../../../test/config.ts';
import { onPostgres, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import { backup, restore } from '../db/backup.ts';
import { openDatabase } from '../db/database.ts';
import { sm3Hex } from './sm.ts';

// The attack: a copy of the disk, of DATA_DIR/files or of a backup folder (a lost USB drive, a
// decommissioned server, an over-curious operator). It must show no scan, no photo, no ID number.
let app: App;
const scratch = mkdtempSync(path.join(tmpdir(), 'grassroots-at-rest-'));
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app?.close();
  rmSync(scratch, { recursive: true, force: true });
});

// a PNG whose pixels carry a recognisable text, as a scanned ID card would
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('IHDR 身份证 14088219900307123X '.repeat(20)),
]);
const onDisk = (hash: string) => path.join(app.config.filesDir, hash.slice(0, 2), hash.slice(2, 4), hash);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

describe('files at rest', () => {
  it('an attachment is sealed on disk and read back whole', async () => {
    const { hash } = await app.files.put(app.db, PNG);
    const raw = readFileSync(onDisk(hash));
    expect(raw.subarray(0, 4).toString('latin1')).toBe('GRF2');
    expect(raw.includes(Buffer.from('14088219900307123X'))).toBe(false);
    expect(raw.includes(PNG.subarray(0, 8))).toBe(false);
    expect(await app.files.get(hash)).toEqual(PNG);
  });

  it('a sealed file with a bit flipped is refused', async () => {
    const bytes = Buffer.concat([PNG, Buffer.from('another scan')]);
    const { hash } = await app.files.put(app.db, bytes);
    const raw = readFileSync(onDisk(hash));
    const bad = Buffer.from(raw);
    bad[100]! ^= 0x01;
    writeFileSync(onDisk(hash), bad);
    await expect(app.files.get(hash)).rejects.toMatchObject({ status: 500, code: 'file_corrupt' });
    writeFileSync(onDisk(hash), raw);
    expect(await app.files.get(hash)).toEqual(bytes);
  });

  it('a file stored before encryption at rest still reads, and files seal encrypts it', async () => {
    const old = Buffer.concat([PNG, Buffer.from('stored in 2025, before issue 15')]);
    const hash = sm3Hex(old);
    mkdirSync(path.dirname(onDisk(hash)), { recursive: true });
    writeFileSync(onDisk(hash), old);
    expect(await app.files.get(hash)).toEqual(old);
    const r = await app.files.sealAll();
    expect(r.sealed).toBeGreaterThanOrEqual(1);
    expect(readFileSync(onDisk(hash)).subarray(0, 4).toString('latin1')).toBe('GRF2');
    expect(await app.files.get(hash)).toEqual(old);
    // idempotent: nothing left to seal
    expect((await app.files.sealAll()).sealed).toBe(0);
  });
});

describe('backups at rest', () => {
  const target = path.join(scratch, 'backup');
  let person: { id: string; idNumber: string; name: string };

  beforeAll(async () => {
    const p = await app.db
      .selectFrom('persons')
      .select(['id', 'id_number_enc', 'name'])
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    person = { id: p.id, idNumber: app.cipher.decrypt(p.id_number_enc), name: p.name };
    await app.files.put(app.db, Buffer.concat([PNG, Buffer.from('in the backup')]));
    await backup(app.config, app.database, target, { auditCount: 0, auditHead: null }, app.cipher);
  });

  it('holds nothing readable: the database and every file are sealed, the manifest is authenticated', () => {
    const files = filesUnder(target);
    expect(files.some((f) => /database\.(tar\.gz|dump)\.sealed$/.test(f))).toBe(true);
    for (const f of files) {
      const raw = readFileSync(f);
      if (f.endsWith('manifest.json')) {
        expect(JSON.parse(raw.toString()).mac).toMatch(/^[0-9a-f]{64}$/);
        continue;
      }
      expect(raw.subarray(0, 4).toString('latin1'), f).toBe('GRF2');
      expect(raw.includes(Buffer.from(person.name)), f).toBe(false);
      expect(raw.includes(Buffer.from('14088219900307123X')), f).toBe(false);
    }
    // nothing in the clear was left behind while sealing
    expect(files.filter((f) => /\.(tmp|plain)$/.test(f))).toEqual([]);
  });

  /** an empty place to restore into: a fresh data folder, or a new empty database (dropped with the test databases) */
  async function restoreInto() {
    const dir = mkdtempSync(path.join(scratch, 'restore-'));
    if (!onPostgres()) return { config: testConfig(dir) };
    const admin = new pg.Client({ connectionString: app.config.DATABASE_URL });
    await admin.connect();
    const name = `gr_t_restore_${path.basename(dir).replace(/\W/g, '').toLowerCase()}`;
    await admin.query(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    );
    await admin.end();
    return { config: testConfig(dir, withDatabaseName(app.config.DATABASE_URL!, name)) };
  }

  it('restores: backup → restore → the person is there and her ID number decrypts, the files read', async () => {
    const { config } = await restoreInto();
    await restore(config, target, app.cipher);
    const restored = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.pgliteDir });
    try {
      const p = await restored.db
        .selectFrom('persons')
        .select(['name', 'id_number_enc'])
        .where('id', '=', person.id)
        .executeTakeFirstOrThrow();
      expect(p.name).toBe(person.name);
      expect(app.cipher.decrypt(p.id_number_enc)).toBe(person.idNumber);
    } finally {
      await restored.close();
    }
    for (const f of filesUnder(config.filesDir)) {
      const { FileStore } = await import('../documents/file-store.ts');
      expect((await new FileStore(config.filesDir, app.cipher).get(path.basename(f))).length).toBeGreaterThan(0);
    }
  });

  it('refuses a tampered backup before restoring anything of it', async () => {
    const sealedDb = filesUnder(target).find((f) => /database\.(tar\.gz|dump)\.sealed$/.test(f))!;
    const raw = readFileSync(sealedDb);
    const bad = Buffer.from(raw);
    bad[Math.floor(raw.length / 2)]! ^= 0x10;
    writeFileSync(sealedDb, bad);
    try {
      const { config } = await restoreInto();
      await expect(restore(config, target, app.cipher)).rejects.toMatchObject({ code: 'integrity_check_failed' });
      if (!onPostgres()) expect(existsSync(path.join(config.pgliteDir, 'PG_VERSION'))).toBe(false);
    } finally {
      writeFileSync(sealedDb, raw);
    }
    // and a manifest whose audit head was changed (to hide a truncated audit log)
    const manifestFile = path.join(target, 'manifest.json');
    const manifest = readFileSync(manifestFile, 'utf8');
    writeFileSync(manifestFile, manifest.replace('"auditCount": 0', '"auditCount": 1'));
    try {
      const { config } = await restoreInto();
      await expect(restore(config, target, app.cipher)).rejects.toMatchObject({ code: 'integrity_check_failed' });
    } finally {
      writeFileSync(manifestFile, manifest);
    }
    expect(statSync(manifestFile).size).toBe(manifest.length);
  });
});
