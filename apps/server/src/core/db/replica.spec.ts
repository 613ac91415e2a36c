import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from './database.ts';
import { lsnValue, ReadRouter } from './replica.ts';

/** The routing rules that need no real replica (the streaming replica itself: replica.db.spec.ts). */
let primary: Database;
beforeAll(async () => {
  primary = await openDatabase({ pgliteDir: 'memory://' });
});
afterAll(async () => {
  await primary?.close();
});

const actor = { id: '00000000-0000-0000-0000-000000000001' };

describe('WAL positions', () => {
  it('compare by both halves, the high one first', () => {
    expect(lsnValue('0/0')).toBe(0n);
    expect(lsnValue('0/FFFFFFFF') < lsnValue('1/0')).toBe(true);
    expect(lsnValue('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(lsnValue('A/10') > lsnValue('9/FFFFFFF0')).toBe(true);
  });
});

describe('the read router', () => {
  it('without a replica reads on the primary and keeps nothing', async () => {
    const reads = new ReadRouter(primary.db);
    reads.wrote(actor.id);
    expect(reads.hasReplica).toBe(false);
    expect(await reads.reader(actor)).toBe(primary.db);
    expect(reads.routed).toEqual({ replica: 0, primary: 0 });
  });

  it('never reads on a "replica" that is not a standby, and says so once', async () => {
    const logged: string[] = [];
    // a primary named as the replica (PGlite is never in recovery)
    const reads = new ReadRouter(primary.db, primary, { log: (m) => logged.push(m) });
    expect(await reads.reader(actor)).toBe(primary.db);
    reads.wrote(actor.id);
    expect(await reads.reader(actor)).toBe(primary.db);
    expect(reads.routed).toEqual({ replica: 0, primary: 2 });
    expect(logged).toEqual(['warning: DATABASE_REPLICA_URL is not a standby: every read goes to the primary']);
  });

  it('reads on the primary while the replica cannot be reached', async () => {
    const unreachable = await openDatabase({ url: 'postgres://nobody@127.0.0.1:1/none', poolSize: 1 });
    const logged: string[] = [];
    const reads = new ReadRouter(primary.db, unreachable, { log: (m) => logged.push(m), recheckMs: 0 });
    try {
      expect(await reads.reader(actor)).toBe(primary.db);
      expect(await reads.reader(actor)).toBe(primary.db);
      expect(reads.routed).toEqual({ replica: 0, primary: 2 });
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatch(/^warning: the read replica cannot be reached/);
    } finally {
      await reads.close();
    }
  });
});
