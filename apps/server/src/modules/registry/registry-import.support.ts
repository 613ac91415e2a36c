import { timingSafeEqual } from 'node:crypto';
import { Kysely, PostgresDialect, type PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import type { Database, Db, Tx } from '../../core/db/database.ts';
import type { DB } from '../../core/db/schema.ts';

/**
 * What an import writes to: the database handle, or the whole database (its pool), which on the
 * PostgreSQL server lets the import load its new persons with COPY inside its transaction.
 */
export type ImportTarget = Db | Database;

export const dbOf = (target: ImportTarget): Db => (target instanceof Kysely ? target : target.db);

/**
 * Runs the import's one transaction. On the PostgreSQL server it holds one pooled client for the
 * whole of it and hands that client to `fn` as well, for COPY (a statement Kysely cannot send);
 * elsewhere (PGlite, or a bare handle) the copy client is undefined and rows go by INSERT.
 */
export async function inImportTransaction<T>(
  target: ImportTarget,
  fn: (tx: Tx, copy: pg.PoolClient | undefined) => Promise<T>,
): Promise<T> {
  if (target instanceof Kysely || target.kind !== 'postgres')
    return dbOf(target)
      .transaction()
      .execute((tx) => fn(tx, undefined));
  const client = await target.pool.connect();
  // a Kysely over this one client: its statements and the COPY share the transaction
  const one: PostgresPoolClient = {
    query: client.query.bind(client) as PostgresPoolClient['query'],
    release: () => {},
  };
  const single = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: { connect: async () => one, end: async () => {} } }),
  });
  let failed: Error | undefined;
  try {
    return await single.transaction().execute((tx) => fn(tx, client));
  } catch (err) {
    failed = err as Error;
    throw err;
  } finally {
    await single.destroy();
    // a client that failed mid-COPY is not given back to the pool: it is closed
    client.release(failed);
  }
}

/** The column of each tracked field an import may fill. */
export const FIELD_COLUMN: Record<string, string> = {
  name: 'name',
  ethnicity: 'ethnicity',
  registeredAddress: 'registered_address',
  residenceAddress: 'residence_address',
  residenceType: 'residence_type',
  maritalStatus: 'marital_status',
  disabilityGrade: 'disability_grade',
  isVeteran: 'is_veteran',
  divisionCode: 'division_code',
};

/** Whether a stored blind index is one of a value's (its indexes under every key in the ring). */
export function matchesAny(indexes: Buffer[], stored: Buffer): boolean {
  return indexes.some((b) => b.length === stored.length && timingSafeEqual(b, stored));
}

/**
 * The ID numbers of a file, and the line each was first seen on: an open-addressing hash over typed
 * arrays, so a county's million rows take ≈25 MB outside the heap rather than ≈50 MB of Map entries
 * (and their garbage-collection headroom) inside it. A checked ID number packs into 47 bits, exact in
 * a double: its 6-digit region, its birth date as days since 1800 and its 3-digit sequence (the check
 * character follows from the first 17 digits, so it needs no room).
 */
export class SeenIds {
  private keys = new Float64Array(1 << 12);
  private lines = new Int32Array(1 << 12);
  private count = 0;

  get(id: string): number | undefined {
    const key = packId(id);
    const mask = this.keys.length - 1;
    for (let i = slotOf(key, mask); this.keys[i] !== 0; i = (i + 1) & mask)
      if (this.keys[i] === key) return this.lines[i];
    return undefined;
  }

  set(id: string, line: number): void {
    // at most three quarters full: linear probing stays short
    if ((this.count + 1) * 4 > this.keys.length * 3) this.grow();
    if (this.put(this.keys, this.lines, packId(id), line)) this.count++;
  }

  private put(keys: Float64Array, lines: Int32Array, key: number, line: number): boolean {
    const mask = keys.length - 1;
    let i = slotOf(key, mask);
    for (; keys[i] !== 0; i = (i + 1) & mask)
      if (keys[i] === key) {
        lines[i] = line;
        return false;
      }
    keys[i] = key;
    lines[i] = line;
    return true;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const lines = new Int32Array(keys.length);
    for (let i = 0; i < this.keys.length; i++)
      if (this.keys[i] !== 0) this.put(keys, lines, this.keys[i]!, this.lines[i]!);
    this.keys = keys;
    this.lines = lines;
  }
}

const DAY = 86_400_000;
const YEAR_1800 = Date.UTC(1800, 0, 1);

/** A checked ID number as region · 2^27 + days since 1800 · 2^10 + sequence: never 0 (regions start at 11). */
function packId(id: string): number {
  const days =
    (Date.UTC(Number(id.slice(6, 10)), Number(id.slice(10, 12)) - 1, Number(id.slice(12, 14))) - YEAR_1800) / DAY;
  return Number(id.slice(0, 6)) * 2 ** 27 + days * 2 ** 10 + Number(id.slice(14, 17));
}

function slotOf(key: number, mask: number): number {
  const h = Math.imul((key % 2 ** 32) ^ Math.imul(Math.floor(key / 2 ** 32), 0x85ebca6b), 0x9e3779b1);
  return (h ^ (h >>> 15)) & mask;
}

/**
 * The batches of an import in file order: each is prepared (looked up, transformed) as soon as it is
 * read, and written after the one before it, one write at a time. At most `ahead` batches are read
 * but not yet written: the reader waits (backpressure), so memory holds a few batches, not the file.
 */
export class BatchPipeline {
  private written: Promise<void> = Promise.resolve();
  /** every batch not yet written, and its preparation: all must be over before a rollback */
  private readonly unwritten: Array<{ prepared: Promise<unknown>; written: Promise<void> }> = [];

  constructor(private readonly ahead: number) {}

  async add<P>(prepare: () => Promise<P>, write: (prepared: P) => Promise<void>): Promise<void> {
    const prepared = prepare();
    const written = this.written.then(async () => write(await prepared));
    // awaited below or by drain(); until then a failure must not count as unhandled
    prepared.catch(() => {});
    written.catch(() => {});
    this.written = written;
    this.unwritten.push({ prepared, written });
    while (this.unwritten.length > this.ahead) await this.unwritten.shift()!.written;
  }

  /** Waits for every batch to be written; the first failure is thrown here. */
  async drain(): Promise<void> {
    await this.written;
    this.unwritten.length = 0;
  }

  /** Waits for every batch's work to end, ignoring failures: before a rollback, nothing may still use the client. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.unwritten.flatMap((b) => [b.prepared, b.written]));
  }
}

/** Runs one piece of work at a time on a single connection (PGlite): a lookup never falls inside a batch's writes. */
export class OneAtATime {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.last.then(fn, fn);
    this.last = p.catch(() => {});
    return p;
  }
}

/**
 * The households an import added members to, and the line of each member added: what the check for
 * a household left without a head reports. A county's first import touches about 300,000 households
 * with a million lines, so the lines live in typed arrays (a linked list per household) rather than
 * an array object per household, which took several times the memory.
 */
export class TouchedHouseholds {
  private readonly slotOf = new Map<string, number>();
  private lastEntry = new Int32Array(1024);
  private entryLine = new Int32Array(4096);
  private entryPrevious = new Int32Array(4096);
  private entries = 0;

  get size(): number {
    return this.slotOf.size;
  }

  add(householdId: string, line: number): void {
    let slot = this.slotOf.get(householdId);
    if (slot === undefined) {
      slot = this.slotOf.size;
      this.slotOf.set(householdId, slot);
      if (slot >= this.lastEntry.length) this.lastEntry = grown(this.lastEntry);
      this.lastEntry[slot] = -1;
    }
    if (this.entries >= this.entryLine.length) {
      this.entryLine = grown(this.entryLine);
      this.entryPrevious = grown(this.entryPrevious);
    }
    this.entryLine[this.entries] = line;
    this.entryPrevious[this.entries] = this.lastEntry[slot]!;
    this.lastEntry[slot] = this.entries++;
  }

  ids(): string[] {
    return [...this.slotOf.keys()];
  }

  /** The lines that added a member to this household, in file order. */
  lines(householdId: string): number[] {
    const out: number[] = [];
    const slot = this.slotOf.get(householdId);
    for (let e = slot === undefined ? -1 : this.lastEntry[slot]!; e >= 0; e = this.entryPrevious[e]!)
      out.push(this.entryLine[e]!);
    return out.reverse();
  }
}

const grown = (a: Int32Array) => {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
};
