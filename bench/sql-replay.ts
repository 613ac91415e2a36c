import { randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * "The same SQL replayed without the application": the statements one HTTP command sends, recorded
 * once from the driver, then sent again over plain pg connections with fresh values, so the ratio
 * ours / replay shows what the application adds to the database's own work.
 */

export interface RecordedStatement {
  text: string;
  values: unknown[];
  rows: Array<Record<string, unknown>>;
}

type Query = (this: pg.Client, ...args: unknown[]) => unknown;

/**
 * Records every statement sent through `pg` while `run` runs (PGlite sends none: the caller records
 * on PostgreSQL). Statements given as config objects are recorded with their text and values.
 */
export async function recordStatements(run: () => Promise<void>): Promise<RecordedStatement[]> {
  const recorded: RecordedStatement[] = [];
  const proto = pg.Client.prototype as unknown as { query: Query };
  const original = proto.query;
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const [first, second] = args;
    const config = typeof first === 'string' ? { text: first, values: second } : (first as Record<string, unknown>);
    const entry: RecordedStatement = {
      text: String(config.text),
      values: Array.isArray(config.values) ? [...(config.values as unknown[])] : [],
      rows: [],
    };
    recorded.push(entry);
    const last = args.length - 1;
    const callback = args[last];
    // the pool's own query() passes a callback: the rows are taken on their way to it
    if (typeof callback === 'function')
      args[last] = (err: unknown, r: { rows?: Array<Record<string, unknown>> }) => {
        entry.rows = r?.rows ?? [];
        return (callback as (...a: unknown[]) => unknown)(err, r);
      };
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function')
      (result as Promise<{ rows?: Array<Record<string, unknown>> }>).then(
        (r) => (entry.rows = r?.rows ?? []),
        () => {},
      );
    return result;
  } as Query;
  try {
    await run();
  } finally {
    proto.query = original;
  }
  return recorded;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What a command makes up itself: ids, and codes printed for people (verification codes XXXX-XXXX-XXXX) */
const MADE_UP =
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b[2-9A-Z]{4}-[2-9A-Z]{4}(?:-[2-9A-Z]{4})?\b/g;
const CODE_CHARS = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A parameter as text: strings as they are, objects and arrays as the JSON the driver sends. */
const textOf = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : v && typeof v === 'object' && !Buffer.isBuffer(v) && !(v instanceof Date)
      ? JSON.stringify(v)
      : '';

/**
 * What each replay must make up afresh: ids and codes that differ between two recordings of the same
 * command and that the database did not return first (those the replay maps from its own results).
 */
export function freshValues(a: RecordedStatement[], b: RecordedStatement[]): Set<string> {
  if (a.length !== b.length || a.some((s, i) => s.text !== b[i]!.text))
    throw new Error('the command sent different statements when recorded twice; cannot replay it');
  const inB = new Set(b.flatMap((s) => s.values.flatMap((v) => textOf(v).match(MADE_UP) ?? [])));
  const fromResults = new Set<string>();
  const fresh = new Set<string>();
  for (const s of a) {
    for (const v of s.values)
      for (const m of textOf(v).match(MADE_UP) ?? []) if (!fromResults.has(m) && !inB.has(m)) fresh.add(m);
    for (const row of s.rows) for (const v of Object.values(row)) if (typeof v === 'string') fromResults.add(v);
  }
  return fresh;
}

/** A new value of the same shape: a uuid for a uuid, a code of the same length for a code. */
const remake = (value: string) =>
  UUID.test(value)
    ? randomUUID()
    : value.replace(/[2-9A-Z]/g, () => CODE_CHARS[Math.floor(Math.random() * CODE_CHARS.length)]!);

/** A value as the replay sends it: every recorded id or number the map knows, replaced by this iteration's. */
function substitute(value: unknown, map: Map<string, string>): unknown {
  const text = textOf(value);
  if (!text || map.size === 0) return value;
  let out = text;
  for (const [from, to] of map) if (out.includes(from)) out = out.split(from).join(to);
  if (out === text) return value;
  return typeof value === 'string' ? out : JSON.parse(out);
}

/** What the database answered differently this time (ids, serials) goes into the map for the later statements. */
function learn(recorded: RecordedStatement, rows: Array<Record<string, unknown>>, map: Map<string, string>) {
  recorded.rows.forEach((old, i) => {
    const now = rows[i];
    if (!now) return;
    for (const [k, v] of Object.entries(old)) {
      const n = now[k];
      if (v === n || v == null || n == null) continue;
      // serials taken with a lock come as an array (a receipt's with the case's row)
      if (Array.isArray(v) && Array.isArray(n)) {
        v.forEach((serial, j) => {
          if (/^\d+$/.test(String(serial)) && n[j] != null)
            map.set(`-${String(serial).padStart(6, '0')}`, `-${String(n[j]).padStart(6, '0')}`);
        });
        continue;
      }
      if (typeof v === 'string' && v.length >= 8) map.set(v, String(n));
      // a serial formatted by the application (PREFIX-YYYY-000123): map its padded form
      else if ((typeof v === 'number' || typeof v === 'string') && /^\d+$/.test(String(v)))
        map.set(`-${String(v).padStart(6, '0')}`, `-${String(n).padStart(6, '0')}`);
    }
  });
}

/** One replay of the recorded command on `client`: its statements in order, fresh ids, results mapped forward. */
async function replayOnce(client: Replayer, statements: RecordedStatement[], fresh: Set<string>) {
  const map = new Map<string, string>();
  for (const v of fresh) map.set(v, remake(v));
  for (const s of statements) {
    const r = await client.pg.query(
      s.text,
      s.values.map((v) => (Buffer.isBuffer(v) ? (client.buffers.get(v.toString('hex')) ?? v) : substitute(v, map))),
    );
    learn(s, r.rows ?? [], map);
  }
}

/** A replaying connection, and the binary values it sends instead of the recorded ones (its own session's token hash). */
interface Replayer {
  pg: pg.Client;
  buffers: Map<string, Buffer>;
}

/**
 * The recorded statements replayed by one client per entry of `buffersPerConnection` (each its own
 * database session, sending its own binary values: a session token's hash per connection, as each
 * HTTP connection signs in on its own) for `seconds`; commands per second and a command's latency (ms).
 */
export async function replayStatements(
  url: string,
  statements: RecordedStatement[],
  fresh: Set<string>,
  buffersPerConnection: Array<Map<string, Buffer>>,
  seconds: number,
): Promise<{ perSecond: number; total: number; errors: number; p50: number; p99: number; firstError?: string }> {
  const clients: Replayer[] = await Promise.all(
    buffersPerConnection.map(async (buffers) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return { pg: c, buffers };
    }),
  );
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await replayOnce(client, statements, fresh);
          latencies.push(performance.now() - t);
        } catch (e) {
          errors++;
          firstError ??= (e as Error).message;
          await client.pg.query('ROLLBACK').catch(() => {});
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.pg.end()));
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] ?? NaN);
  return {
    perSecond: latencies.length / elapsed,
    total: latencies.length,
    errors,
    p50: at(0.5),
    p99: at(0.99),
    ...(firstError ? { firstError } : {}),
  };
}
