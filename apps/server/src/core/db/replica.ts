import { sql } from 'kysely';
import type { Config } from '../config.ts';
import { appRoleUrl, type Database, type Db, openDatabase } from './database.ts';

/** A WAL position ('16/B374D848') as one number, so positions compare. */
export function lsnValue(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

const currentLsn = async (db: Db) =>
  lsnValue((await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`.execute(db)).rows[0]!.lsn);

/** A user's last write: the primary's WAL position once known (taken after its commit). */
interface Write {
  lsn: bigint | undefined;
  known: Promise<void>;
}

/**
 * Where read-only work goes (work lists, person search, exports, the dashboard): the streaming replica
 * named by DATABASE_REPLICA_URL, except for a user whose own write the replica has not replayed yet.
 *
 * Read-your-writes: when a user's write request has run (its transaction committed) and before its
 * reply leaves, `wrote` asks the primary for its WAL position, which is at or past that commit. A read
 * for that user goes to the replica only once the replica's `pg_last_wal_replay_lsn()` has reached
 * it — a replayed commit is visible to every new snapshot there — otherwise to the primary. Other
 * users may see the replica a moment behind the primary (its lag), never their own writes missing.
 * The positions live in this process: several API processes need sticky sessions (docs/SCALING.md).
 *
 * A replica that cannot be reached or is not a standby (promoted, or the primary's own address) is not
 * used: everything goes to the primary until it answers as a standby again. Without a replica (and on
 * PGlite) every read is the primary's, as it always was.
 */
export class ReadRouter {
  /** reads sent to each side, since start (the replica test and an operator's check read it) */
  readonly routed = { replica: 0, primary: 0 };
  private readonly writes = new Map<string, Write>();
  /** the replica's replay position when last asked; -1 while it is down or not a standby */
  private replayed = -1n;
  private checkedAt = 0;
  private checking: Promise<void> | undefined;
  private warned = false;

  constructor(
    private readonly primary: Db,
    private readonly replica?: Database,
    private readonly opts: { recheckMs?: number; log?: (msg: string) => void } = {},
  ) {}

  get hasReplica(): boolean {
    return this.replica !== undefined;
  }

  /** The handle a read-only query on behalf of `actor` runs on. */
  async reader(actor: { id: string }): Promise<Db> {
    if (!this.replica) return this.primary;
    const onReplica = await this.replicaServes(actor.id);
    this.routed[onReplica ? 'replica' : 'primary'] += 1;
    return onReplica ? this.replica.db : this.primary;
  }

  /** A write by this user has committed: until the replica has it, their reads stay on the primary. */
  wrote(userId: string): void {
    if (!this.replica) return;
    const write: Write = { lsn: undefined, known: Promise.resolve() };
    write.known = currentLsn(this.primary).then(
      (lsn) => {
        write.lsn = lsn;
      },
      // position not known: the next read asks again (any position taken after the commit will do)
      () => {},
    );
    this.writes.set(userId, write);
  }

  async close(): Promise<void> {
    await this.replica?.close();
  }

  private async replicaServes(userId: string): Promise<boolean> {
    const write = this.writes.get(userId);
    if (Date.now() - this.checkedAt > (this.opts.recheckMs ?? 1000)) await this.check();
    if (this.replayed < 0n) return false;
    if (!write) return true;
    await write.known;
    if (write.lsn === undefined) {
      try {
        write.lsn = await currentLsn(this.primary);
      } catch {
        return false;
      }
    }
    if (this.replayed < write.lsn) await this.check();
    if (this.replayed < write.lsn) return false;
    if (this.writes.get(userId) === write) this.writes.delete(userId);
    return true;
  }

  /** Asks the replica how far it has replayed (one question at a time, shared by the reads waiting). */
  private check(): Promise<void> {
    this.checking ??= this.askReplica().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async askReplica(): Promise<void> {
    try {
      const { rows } = await sql<{ standby: boolean; lsn: string | null }>`
        SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS lsn`.execute(this.replica!.db);
      const { standby, lsn } = rows[0]!;
      if (!standby || lsn === null)
        this.warnOnce('DATABASE_REPLICA_URL is not a standby: every read goes to the primary');
      this.replayed = standby && lsn !== null ? lsnValue(lsn) : -1n;
      if (this.replayed >= 0n) this.warned = false;
    } catch (err) {
      this.warnOnce(`the read replica cannot be reached (${(err as Error).message}): reads go to the primary`);
      this.replayed = -1n;
    }
    this.checkedAt = Date.now();
    // the users whose writes the replica now has need no more watching
    for (const [user, write] of this.writes)
      if (write.lsn !== undefined && write.lsn <= this.replayed) this.writes.delete(user);
  }

  private warnOnce(msg: string) {
    if (this.warned) return;
    this.warned = true;
    this.opts.log?.(`warning: ${msg}`);
  }
}

/** The read router of a started application: with DATABASE_REPLICA_URL (PostgreSQL server only) a pool on the replica, as the application role. */
export async function openReadRouter(config: Config, primary: Database, log: (msg: string) => void) {
  if (!config.DATABASE_REPLICA_URL || primary.kind !== 'postgres') return new ReadRouter(primary.db);
  const replica = await openDatabase({ url: appRoleUrl(config.DATABASE_REPLICA_URL) });
  return new ReadRouter(primary.db, replica, { log });
}
