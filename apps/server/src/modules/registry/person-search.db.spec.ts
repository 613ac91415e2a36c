import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorNamed, testApp } from '../../../test/helpers.ts';
import type { App } from '../../compose.ts';
import type { Scope } from '../../core/auth/actor.ts';
import { inScope } from '../../core/auth/jurisdiction.ts';
import { personScope } from './registry.service.ts';
import { searchPersons } from './registry.repository.ts';

let app: App;
const scopes: Record<string, Scope> = {};
let fragments: string[] = [];

beforeAll(async () => {
  app = await testApp();
  // the county, a township, a village; and a grant over everything
  for (const who of ['registrar', 'township', 'community'])
    scopes[who] = personScope(await actorNamed(app, who), 'person.read');
  scopes.all = { all: true, departmentIds: [], divisionPaths: [] };
  const names = (await app.db.selectFrom('persons').select('name').orderBy('id').limit(40).execute()).map(
    (p) => p.name,
  );
  const chars = names.flatMap((n) => [...n]);
  // surnames, given names' characters, address characters (nearly everyone), pairs starting a name and
  // at its second and third characters (033's indexes), a surname with a common given-name character, an
  // address pair, and what no one has
  const givenPairs = names.filter((n) => [...n].length >= 3).map((n) => [...n].slice(1, 3).join(''));
  const thirdPairs = names.map((n) => [...n].at(-1)! + [...names[0]!][0]!);
  fragments = [
    ...new Set([
      ...chars.slice(0, 12),
      chars.at(-1)!,
      names[3]!.slice(0, 2),
      ...givenPairs.slice(0, 4),
      thirdPairs[1]!,
      [...names[5]!][0]! + '建',
      '村',
      '市',
      '社区',
      '号',
      '鑫',
      'x',
    ]),
  ];
});
afterAll(() => app?.close());

/** The plain filter: jurisdiction, token and substring conditions, ordered by name and id. */
async function reference(scope: Scope, fragments: string[], limit: number) {
  let q = app.db
    .selectFrom('persons as p')
    .select(['p.id', 'p.name', 'p.id_number_masked', 'p.phone_masked'])
    .where(inScope(scope, { division: 'p.division_code' }));
  for (const f of fragments) {
    const c = [...f.toLowerCase()];
    const tokens = c.length === 1 ? c : c.slice(1).map((ch, i) => c[i] + ch);
    q = q
      .where(sql<boolean>`p.search_tokens @@ ${tokens.map((t) => `'${t}'`).join(' & ')}::tsquery`)
      .where('p.search_text', 'like', `%${f}%`);
  }
  return q.orderBy('p.name').orderBy('p.id').limit(limit).execute();
}

describe('person search by fragment', () => {
  it('finds, for every actor and fragment, what the plain filter finds inside the jurisdiction, in its order', async () => {
    let compared = 0;
    let full = 0;
    for (const [who, scope] of Object.entries(scopes))
      for (const name of fragments)
        for (const limit of [7, 50]) {
          const expected = await reference(scope, [name], limit);
          // tiny slices reach every stage: slices settled in name order, then the token index's remainder;
          // a low wide-scope threshold walks the whole name order for the township too; for one character,
          // the parts around the names starting with it read through 031's index at once, or after the slices
          for (const tuning of [
            undefined,
            { slices: [3, 11] },
            { slices: [2], wideScope: 1 },
            { directCandidates: Infinity },
            { directCandidates: 0, slices: [3, 11] },
            { directCandidates: 0, slices: [2], wideScope: 1 },
          ]) {
            const got = await searchPersons(app.db, scope, { name, limit, ...(tuning ? { tuning } : {}) });
            expect(
              got.map((p) => [p.id, p.name, p.id_number_masked, p.phone_masked]),
              `${who} ${name} ${limit} ${JSON.stringify(tuning)}`,
            ).toEqual(expected.map((p) => [p.id, p.name, p.id_number_masked, p.phone_masked]));
            compared++;
          }
          if (expected.length === limit) full++;
        }
    // the comparison means something: many searches filled their page, and the scopes differ
    expect(compared).toBeGreaterThan(300);
    expect(full).toBeGreaterThan(25);
    const township = await reference(scopes.township!, ['市'], 1000);
    const county = await reference(scopes.registrar!, ['市'], 1000);
    expect(township.length).toBeGreaterThan(0);
    expect(county.length).toBeGreaterThan(township.length);
  }, 120_000);

  it('with a name fragment and an address fragment, both must match', async () => {
    const p = await app.db
      .selectFrom('persons')
      .select(['name', 'residence_address'])
      .where('residence_address', 'is not', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const name = [...p.name][0]!;
    const address = [...p.residence_address!].slice(0, 3).join('');
    for (const scope of [scopes.registrar!, scopes.township!]) {
      const expected = await reference(scope, [name, address], 20);
      const got = await searchPersons(app.db, scope, { name, address, limit: 20, tuning: { slices: [2, 5] } });
      expect(got.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    }
    expect((await reference(scopes.registrar!, [name, address], 20)).length).toBeGreaterThan(0);
  });
});
