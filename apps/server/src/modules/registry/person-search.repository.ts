import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Scope } from '../../core/auth/actor.ts';
import type { Executor } from '../../core/db/database.ts';
import type { DB } from '../../core/db/schema.ts';

/**
 * Persons matching name/address fragments inside a scope, first `limit` by (name, id): the same
 * rows, in the same order, as one `WHERE scope AND match ORDER BY name, id LIMIT n` — read so that
 * the cost stays bounded whatever the fragment's frequency and wherever its matches sort.
 *
 * A one-character fragment ("王") cannot use the trigram index, and its token may match a fifth of
 * the county, half of them bunched where names start with it. As one query the planner either
 * sorts every match (seconds for a common character) or walks the name order filtering (seconds
 * when the matches sort late), and it misjudges the jurisdiction's share of the table. So:
 *  - the scope is resolved to its division codes first (a restricted actor's few villages are each
 *    walked through the (division, name, id) index; a wide scope walks the (name, id) index);
 *  - the name order is cut where names start with the fragment (before / starting with / after):
 *    names starting with it all match, and before them the matches are spread evenly;
 *  - each part is read in name order a bounded slice at a time (dense matches end it in the first
 *    slice); what the slices did not settle is fetched through the token index and sorted (few).
 * Each part's rows come in order and the parts follow one another, so concatenation keeps the order.
 *
 * One or two Han characters as the whole name fragment (`inNameFragment`) go further. A name holds
 * the fragment at its first, second or third character, or further on, or the fragment is in an
 * address. The first three are index walks in result order (persons_name_idx and migration 033's two
 * indexes keyed by one character of the name), index-only with the division checked on the index
 * tuple, each stopped at the page: every row they give matches. Only the rest (033's GIN index:
 * the name after its third character and the addresses) is read as above, and only up to the
 * page's last key from the walks. The walks' keys and the rest's rows are merged by id at the end.
 */
export interface FragmentSearch {
  match: (eb: PersonsEb) => Expression<SqlBool>;
  /** the part of `match` the token index answers: its estimate tells few matches from many */
  tokensMatch?: ((eb: PersonsEb) => Expression<SqlBool>) | undefined;
  /** the name fragment, to cut the name order around (none: one part) */
  nameFragment: string | undefined;
  limit: number;
  /** rows read in name order per slice before the token index takes over (smaller in tests, to reach every stage) */
  slices?: readonly number[] | undefined;
  /** the one plain query, used for a narrow scope (its few divisions, through their index, are cheaper whole) */
  plain?: (() => Promise<unknown[]>) | undefined;
  /** a scope of more division codes than this walks the (name, id) index rather than each division's */
  wideScope?: number | undefined;
  /** the fragment when it is one or two Han characters alone (no address): read as the comment above says */
  inNameFragment?: string | undefined;
  /** estimated rows of migration 033's GIN index up to which the rest is read through it, without the slices */
  directCandidates?: number | undefined;
}

type PersonsEb = ExpressionBuilder<DB & { p: DB['persons'] }, 'p'>;
type Key = { name: string; id: string };
type Part = (eb: PersonsEb) => Expression<SqlBool>;
/** a part of the name order; `candidates`: a condition every match in it meets, through an index */
type NameRange = { range: Part; candidates?: Part };

const SLICES = [1_000, 8_000];
const WIDE_SCOPE = 64;
/** a heap row read per candidate costs about what a slice's row does; past this many, the slices are cheaper */
const DIRECT_CANDIDATES = 4_000;
const HIGHEST = String.fromCodePoint(0x10ffff);

export async function searchByFragment<C extends `p.${keyof DB['persons'] & string}`>(
  db: Executor,
  scope: Scope,
  columns: readonly C[],
  s: FragmentSearch,
) {
  const codes = scope.all ? undefined : await scopeCodes(db, scope);
  if (codes && codes.length === 0) return [];
  const wide = !codes || codes.length > (s.wideScope ?? WIDE_SCOPE);
  // the plain query on the caller's connection (not inside the transaction below: PGlite has one connection)
  if (!wide && s.plain && !s.inNameFragment) return (await s.plain()) as Awaited<ReturnType<typeof readByFragment<C>>>;
  // its own transaction, for the planner settings below (a caller's transaction keeps its own)
  if (db.isTransaction) return readByFragment(db, codes, wide, columns, s, false);
  return db.transaction().execute((tx) => readByFragment(tx, codes, wide, columns, s, true));
}

async function readByFragment<C extends `p.${keyof DB['persons'] & string}`>(
  db: Executor,
  codes: string[] | undefined,
  wide: boolean,
  columns: readonly C[],
  s: FragmentSearch,
  settle: boolean,
) {
  // Every statement here either walks an index in (name, id) order or sorts what an index gave unordered
  // (ordered by `name || ''`, which no index has). The planner misjudges the walks' ranges (a row comparison
  // is priced at a default fraction: 1,750 rows for half the county) and sorted whole ranges instead
  // (40 s); without sorts it has to walk, and the unordered reads keep their sort, the only way they have.
  // The misjudged prices also crossed the JIT threshold (~50 ms to compile a 5 ms statement) and parallel plans.
  if (settle)
    await sql`SELECT set_config('enable_sort', 'off', true), set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`.execute(
      db,
    );
  const slices = s.slices ?? SLICES;
  const inScopeUnindexed = () =>
    codes ? sql<SqlBool>`(p.division_code || '') = ANY(${codes}::text[])` : sql<SqlBool>`true`;
  const inScope = (eb: PersonsEb) =>
    codes ? eb('p.division_code', '=', sql<string>`ANY(${codes}::text[])`) : eb.val(true);
  const c = s.inNameFragment;
  const f = s.nameFragment;
  // the first page of the names holding the fragment at their first three characters; the rest only up to its last key
  const inName = c ? await inNameKeys(db, codes, c, s.limit) : [];
  const bound = inName.length >= s.limit ? inName.at(-1) : undefined;
  const ranges: Part[] = c
    ? [(eb) => (bound ? sql<SqlBool>`(p.name, p.id) <= (${bound.name}, ${bound.id}::uuid)` : eb.val(true))]
    : f
      ? [
          (eb) => eb('p.name', '<', f),
          (eb) => eb.and([eb('p.name', '>=', f), eb('p.name', '<', f + HIGHEST)]),
          // the complement of the two above whatever the collation, so no row is in two parts
          (eb) => eb.and([eb('p.name', '>=', f), eb.not(eb('p.name', '<', f + HIGHEST))]),
        ]
      : [(eb) => eb.val(true)];
  const elsewhere: Part = () => sql<SqlBool>`${elsewhereCharacters} @> ${[...(c ?? '')]}::text[]`;
  const parts: NameRange[] = ranges.map((range) => (c ? { range, candidates: elsewhere } : { range }));
  const few = async (cond: Part) => (await estimatedRows(db, cond)) <= (s.directCandidates ?? DIRECT_CANDIDATES);
  // candidates few enough to read through an index and sort (033's GIN for a name fragment; else the token index's);
  // in a narrow scope only its share counts (the division index narrows the bitmap before the rows are read)
  const candidatesInScope = c ? elsewhere : (s.tokensMatch ?? s.match);
  const direct = await few((eb) => eb.and([inScope(eb), candidatesInScope(eb)]));
  // for a name fragment the match is only checked on the rows read: its token would bring the token index into
  // the plans, whose bitmap for a common surname is every bearer of the name
  const match: Part = c ? (eb) => sql<SqlBool>`(${s.match(eb)}) IS TRUE` : s.match;
  const after = (eb: PersonsEb, k: Key | undefined) =>
    k ? sql<SqlBool>`(p.name, p.id) > (${k.name}, ${k.id}::uuid)` : eb.val(true);
  const upTo = (eb: PersonsEb, k: Key | undefined) =>
    k ? sql<SqlBool>`(p.name, p.id) <= (${k.name}, ${k.id}::uuid)` : eb.val(true);

  const where = (eb: PersonsEb, part: Part, from: Key | undefined, to: Key | undefined) =>
    eb.and([part(eb), after(eb, from), upTo(eb, to), match(eb)]);
  const plain = (n: number, sorted: boolean, cond: (eb: PersonsEb) => Expression<SqlBool>) =>
    db
      .selectFrom('persons as p')
      .select(columns)
      .where(cond)
      // the remainder (few matches) through the token index: an order no index has keeps the planner off the name walk
      .orderBy(sorted ? 'p.name' : sql`p.name || ''`)
      .orderBy('p.id')
      .limit(n)
      .execute();
  type Row = Awaited<ReturnType<typeof plain>>[number];
  const fetch = async (part: Part, from: Key | undefined, to: Key | undefined, n: number, sorted: boolean) => {
    // a wide scope holds most of the table: its codes would only add a large bitmap to the name range's or an index's
    if (wide) return plain(n, sorted, (eb) => eb.and([inScopeUnindexed(), where(eb, part, from, to)]));
    if (!sorted) return plain(n, false, (eb) => eb.and([inScope(eb), where(eb, part, from, to)]));
    // a slice of a narrow scope: each division's rows of the slice in name order, merged
    const rows = await db
      .selectFrom(sql<{ code: string }>`(SELECT unnest(${codes}::text[]) AS code)`.as('c'))
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('persons as p')
            .select(columns)
            .where((e) => e.and([e('p.division_code', '=', sql.ref<string>('c.code')), where(e, part, from, to)]))
            .orderBy('p.name')
            .orderBy('p.id')
            .limit(n)
            .as('x'),
        (join) => join.onTrue(),
      )
      .selectAll('x')
      .orderBy(sql.ref('x.name'))
      .orderBy(sql.ref('x.id'))
      .limit(n)
      .execute();
    return rows as unknown as Row[];
  };

  /** The key `count` rows in scope past `from` within the part (per division when the scope is narrow): an upper bound of a slice. */
  const sliceEnd = async (part: (eb: PersonsEb) => Expression<SqlBool>, from: Key | undefined, count: number) => {
    if (wide)
      return db
        .selectFrom('persons as p')
        .select(['p.name', 'p.id'])
        .where((eb) => eb.and([inScopeUnindexed(), part(eb), after(eb, from)]))
        .orderBy('p.name')
        .orderBy('p.id')
        .offset(count - 1)
        .limit(1)
        .executeTakeFirst();
    const each = Math.max(Math.ceil(count / codes!.length), Math.min(count, 50));
    return db
      .selectFrom(sql<{ code: string }>`(SELECT unnest(${codes}::text[]) AS code)`.as('c'))
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('persons as p')
            .select(['p.name', 'p.id'])
            .where((e) => e.and([e('p.division_code', '=', sql.ref<string>('c.code')), part(e), after(e, from)]))
            .orderBy('p.name')
            .orderBy('p.id')
            .offset(each - 1)
            .limit(1)
            .as('x'),
        (join) => join.onTrue(),
      )
      .select(['x.name', 'x.id'])
      .orderBy('x.name')
      .orderBy('x.id')
      .limit(1)
      .executeTakeFirst();
  };

  if (direct && !c) return fetch((eb) => eb.val(true), undefined, undefined, s.limit, false);
  const out: Row[] = [];
  for (const { range, candidates } of parts) {
    // what is left after the slices (or all of it, when the candidates are few) comes through an index, unordered
    const leftOver: Part = candidates ? (eb) => eb.and([range(eb), candidates(eb)]) : range;
    const sliced = candidates && direct ? [] : slices;
    let from: Key | undefined;
    for (let i = 0; out.length < s.limit; i++) {
      const to = i < sliced.length ? await sliceEnd(range, from, sliced[i]!) : undefined;
      const sorted = i < sliced.length;
      out.push(...(await fetch(sorted ? range : leftOver, from, to, s.limit - out.length, sorted)));
      if (!to) break;
      from = to;
    }
    if (out.length >= s.limit) break;
  }
  if (!inName.length) return out;
  // the walks' keys and the rest's rows, merged in the result's order (a person in both counts once); the
  // scope and the match checked again on the rows themselves (by primary key: two pages at most)
  const ids = [...new Set([...inName.map((k) => k.id), ...out.map((r) => (r as unknown as Key).id)])];
  return plain(s.limit, false, (eb) =>
    eb.and([eb('p.id', '=', sql<string>`ANY(${ids}::uuid[])`), inScope(eb), match(eb)]),
  );
}

/**
 * The keys of the first `limit` persons in scope whose name holds the fragment at its first, second or
 * third character, in (name, id) order: three index-only walks (persons_name_idx, migration 033's two
 * by one character of the name) each in that order and stopped at `limit`, the division read from the
 * index tuple. Every such name matches the fragment (its characters, adjacent, are in the name's tokens
 * and text), so no row is read here.
 */
async function inNameKeys(db: Executor, codes: string[] | undefined, fragment: string, limit: number) {
  const first = [...fragment][0]!;
  const length = [...fragment].length;
  const inScope = codes ? sql`AND division_code = ANY(${codes}::text[])` : sql``;
  const r = await sql<Key>`
    SELECT name, id FROM (
      (SELECT name, id FROM persons WHERE name >= ${fragment} AND name < ${fragment + HIGHEST} ${inScope}
        ORDER BY name, id LIMIT ${limit})
      UNION
      (SELECT name, id FROM persons WHERE substr(name, 2, 1) = ${first} AND substr(name, 2, ${length}) = ${fragment} ${inScope}
        ORDER BY substr(name, 2, 1), name, id LIMIT ${limit})
      UNION
      (SELECT name, id FROM persons WHERE substr(name, 3, 1) = ${first} AND substr(name, 3, ${length}) = ${fragment} ${inScope}
        ORDER BY substr(name, 3, 1), name, id LIMIT ${limit})
    ) k ORDER BY name, id LIMIT ${limit}`.execute(db);
  return r.rows;
}

/** the name's characters after its third and those of the addresses: migration 033's GIN expression, verbatim */
const elsewhereCharacters = sql`string_to_array(substr(p.name, 4) || coalesce(p.residence_address, '') || coalesce(p.registered_address, ''), NULL)`;

/** The planner's estimate of the persons meeting a condition (from the statistics of its index's column or expression). */
async function estimatedRows(db: Executor, cond: Part): Promise<number> {
  const [plan] = await db
    .selectFrom('persons as p')
    .select(sql`1`.as('x'))
    .where(cond)
    .explain('json');
  return (plan!['QUERY PLAN'] as Array<{ Plan: { 'Plan Rows': number } }>)[0]!.Plan['Plan Rows'];
}

/** The division codes under the scope's paths: the same set the EXISTS of `inScope` tests. */
async function scopeCodes(db: Executor, scope: Scope): Promise<string[]> {
  if (!scope.divisionPaths.length) return [];
  const rows = await db
    .selectFrom('divisions as jd')
    .select('jd.code')
    .where(sql<SqlBool>`jd.path LIKE ANY(${scope.divisionPaths.map((p) => `${p}%`)}::text[])`)
    .execute();
  return rows.map((r) => r.code);
}
